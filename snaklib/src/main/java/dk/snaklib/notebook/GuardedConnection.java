package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.PrintStream;
import java.security.GeneralSecurityException;

/**
 * jjava-jupyter's connection, with the shell and control loops made to survive a bad message.
 * <p>
 * In jjava-jupyter (1.0-a6, and still at upstream HEAD 1.0a15) {@code ShellChannel}'s loop reads each message with
 * {@code JupyterSocket.readMessage()}, which throws {@code SecurityException} on a wrong HMAC signature and Gson or
 * NullPointer exceptions on malformed JSON; nothing catches them, so the loop thread (Shell-0, Shell-1) dies and the
 * kernel, still alive, never answers again. The loop is a {@link Loop} with an error callback; we install one that
 * logs the message and carries on. readMessage has consumed all of the bad message's frames before it throws, so
 * the next message is read intact. The stdin channel is only read while a cell asks for input, so it has no loop to
 * kill. A message without the {@code <IDS|MSG>} delimiter (no Jupyter client sends one) is still read together with
 * the next message, which is then lost.
 */
final class GuardedConnection extends JupyterConnection {
    /** How long the loop waits after a bad message before polling again (jjava's own loop period). */
    private static final long RETRY_MS = 50;

    private final PrintStream log;

    GuardedConnection(KernelConnectionProperties props, PrintStream log) throws GeneralSecurityException {
        super(props);
        this.log = log;
    }

    @Override
    public void connect() {
        super.connect();
        guard(shell, "shell");
        guard(control, "control");
    }

    private void guard(ShellChannel channel, String name) {
        Loop loop = loopOf(channel);
        loop.onError(e -> {
            log.println("snaklib kernel: dropped a bad message on the " + name + " channel: " + e);
            return RETRY_MS;
        });
    }

    /** ShellChannel keeps its loop private; without it a bad message would stop the kernel, so fail loudly. */
    static Loop loopOf(ShellChannel channel) {
        try {
            var field = ShellChannel.class.getDeclaredField("ioloop");
            field.setAccessible(true);
            Loop loop = (Loop) field.get(channel);
            if (loop == null) {
                throw new IllegalStateException("the channel is not bound yet");
            }
            return loop;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("jjava-jupyter changed: cannot guard ShellChannel's loop (" + e
                    + "); update GuardedConnection", e);
        }
    }
}
