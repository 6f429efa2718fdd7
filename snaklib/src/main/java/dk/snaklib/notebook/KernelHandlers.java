package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Jupyter handlers we replace in jjava-jupyter 1.0-a6: execute (our cell runner, no empty execute_result,
 * the Java exception as the error), and the replies that lack {@code "status": "ok"} (kernel_info, history,
 * comm_info, interrupt, shutdown). Complete, inspect and is_complete keep BaseKernel's handlers.
 */
final class KernelHandlers {
    private final SnakKernel kernel;

    private KernelHandlers(SnakKernel kernel) {
        this.kernel = kernel;
    }

    static void install(SnakKernel kernel, JupyterConnection connection) {
        KernelHandlers h = new KernelHandlers(kernel);
        connection.setHandler(MessageType.EXECUTE_REQUEST, h::execute);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, h::kernelInfo);
        connection.setHandler(MessageType.HISTORY_REQUEST, h::history);
        connection.setHandler(MessageType.INTERRUPT_REQUEST, h::interrupt);
        connection.setHandler(MessageType.COMM_INFO_REQUEST, h::commInfo);
        connection.setHandler(MessageType.SHUTDOWN_REQUEST, h::shutdown);
    }

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        synchronized (kernel) { // one cell at a time, as BaseKernel does
            kernel.setCommContext(message);
            ExecuteRequest request = message.getContent();
            boolean silent = request.isSilent();
            int count = kernel.nextExecutionCount(request.shouldStoreHistory() && !silent);
            env.setBusyDeferIdle();
            if (!silent) {
                env.publish(new PublishExecuteInput(request.getCode(), count));
            }
            IopubPublisher publisher = kernel.publisher();
            try {
                DisplayData value;
                try {
                    value = kernel.runCell(request.getCode(), silent ? OutputSink.DISCARD : new EnvSink(env, publisher));
                } finally {
                    publisher.awaitSent(); // the cell's outputs go out before its result, reply and idle
                }
                if (value != null && !silent) {
                    env.publish(new PublishExecuteResult(count, value));
                }
                if (request.shouldStoreHistory()) {
                    kernel.cellHistory.add(count, request.getCode(), value == null ? "" : String.valueOf(value.getData(MIMEType.TEXT_PLAIN)));
                }
                env.defer().reply(new ExecuteReply(count, Map.of()));
            } catch (CellError e) {
                fail(env, count, request.getCode(), e);
            } catch (RuntimeException | LinkageError e) {
                fail(env, count, request.getCode(), new CellError(e.getClass().getName(), String.valueOf(e.getMessage()), Tracebacks.of(e)));
            }
        }
    }

    private void fail(ShellReplyEnvironment env, int count, String code, CellError e) {
        kernel.cellHistory.add(count, code, e.ename() + ": " + e.evalue());
        env.publish(new PublishError(e.ename(), e.evalue(), e.traceback()));
        ErrorReply reply = new ErrorReply(e.ename(), e.evalue(), e.traceback());
        reply.setExecutionCount(count);
        env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
    }

    private void kernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new OkReplies.KernelInfo(Header.PROTOCOL_VERISON, kernel.implementationName(), kernel.implementationVersion(),
                kernel.getLanguageInfo(), kernel.getBanner(), kernel.getHelpLinks()));
    }

    private void history(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        env.setBusyDeferIdle();
        HistoryRequest request = message.getContent();
        Set<ResultFlag> flags = EnumSet.noneOf(ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(ResultFlag.INCLUDE_OUTPUT);
        }
        CellHistory h = kernel.cellHistory;
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> h.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield h.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search s = (HistoryRequest.Search) request;
                if (s.filterUnique()) {
                    flags.add(ResultFlag.UNIQUE);
                }
                yield h.search(s.getPattern(), s.getMaxReturnLength(), flags);
            }
        };
        env.reply(new OkReplies.History(entries));
    }

    private void commInfo(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        String target = message.getContent().getTargetName();
        Map<String, CommInfoReply.CommInfo> comms = new LinkedHashMap<>();
        kernel.getCommManager().forEach(c -> {
            if (target == null || target.equals(c.getTargetName())) {
                comms.put(c.getID(), new CommInfoReply.CommInfo(c.getTargetName()));
            }
        });
        env.reply(new OkReplies.CommInfo(comms));
    }

    private void interrupt(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        kernel.interrupt();
        env.reply(new OkReplies.Interrupt());
    }

    private void shutdown(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.defer().reply(new OkReplies.Shutdown(restart));
        kernel.onShutdown(restart);
        env.resolveDeferrals(); // send the reply before the connection closes
        env.markForShutdown();
    }

    /** Sends a running cell's outputs on iopub, parented to its execute_request, through the kernel's publisher. */
    private record EnvSink(ShellReplyEnvironment env, IopubPublisher publisher) implements OutputSink {
        @Override
        public void stream(String name, String text) {
            publisher.publish(env, new PublishStream("stderr".equals(name) ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT, text));
        }

        @Override
        public void display(DisplayData data) {
            publisher.publish(env, new PublishDisplayData(data));
        }

        @Override
        public void updateDisplay(DisplayData data) {
            publisher.publish(env, new PublishUpdateDisplayData(data));
        }

        @Override
        public void clearOutput(boolean wait) {
            publisher.publish(env, wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }
}
