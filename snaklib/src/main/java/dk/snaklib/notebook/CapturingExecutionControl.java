package dk.snaklib.notebook;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/**
 * JShell's in-process execution engine, keeping the real objects JShell would turn into strings.
 * LocalExecutionControl (not plain DirectExecutionControl) because its {@code stop()} both interrupts the
 * snippet's thread (library loops that check {@code Thread.currentThread().isInterrupted()} stop) and makes the
 * cell's own loops throw; we add a peek at variable values, at the user's exception and at the stop flag.
 */
final class CapturingExecutionControl extends LocalExecutionControl {
    private Object capturedValue;
    private Throwable capturedThrowable;
    private volatile java.lang.reflect.Field allStop;

    /**
     * True while JShell's stop flag is set: LocalExecutionControl.stop() set it and interrupted the snippet's
     * threads, and each new snippet clears it. A stop that landed before the snippet started is cleared with it,
     * so the evaluator repeats its stop only while this is false.
     */
    boolean stopFlagSet() {
        try {
            if (allStop == null) {
                allStop = findClass("REPL.$Cancel$").getField("allStop"); // LocalExecutionControl's stop flag
            }
            return allStop.getBoolean(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // no snippet has run yet
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        try {
            var field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            capturedValue = field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("cannot read " + varName + ": " + e);
        }
        return super.varValue(className, varName);
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        capturedThrowable = cause;
        return super.throwConvertedInvocationException(cause);
    }

    /** The object behind the last varValue call. */
    Object takeValue() {
        Object v = capturedValue;
        capturedValue = null;
        return v;
    }

    /** The exception the last snippet threw, or null. */
    Throwable takeThrowable() {
        Throwable t = capturedThrowable;
        capturedThrowable = null;
        return t;
    }

    /** Hands JShell this one instance, so the evaluator can read what it captured. */
    static ExecutionControlProvider providerFor(CapturingExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "snaklib-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }
}
