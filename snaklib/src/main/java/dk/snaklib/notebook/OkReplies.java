package dk.snaklib.notebook;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.List;
import java.util.Map;

/**
 * Replies that jjava-jupyter 1.0-a6 sends without the {@code "status": "ok"} the messaging spec requires
 * (kernel_info, history, comm_info, interrupt, shutdown). Gson serialises the runtime class, so a subclass field is enough.
 */
final class OkReplies {
    private OkReplies() {}

    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        KernelInfo(String protocol, String name, String version, LanguageInfo lang, String banner, List<HelpLink> links) {
            super(protocol, name, version, lang, banner, links);
        }
    }

    /** history_reply, written out: 1.0-a6's entry adapter is not applied on send, so entries become tuples here. */
    static final class History implements ContentType<History> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final List<List<Object>> history;

        History(List<HistoryEntry> entries) {
            this.history = entries.stream().map(e -> List.<Object>of(e.getSession(), e.getCellNumber(),
                    e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput())).toList();
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<History> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }
    }

    static final class CommInfo extends CommInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        CommInfo(Map<String, CommInfoReply.CommInfo> comms) {
            super(comms);
        }
    }

    static final class Interrupt extends InterruptReply {
        @SuppressWarnings("unused")
        private final String status = "ok";
    }

    /** ShutdownReply's constructor is private, so this one is written out. */
    static final class Shutdown implements ContentType<Shutdown> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final boolean restart;

        Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<Shutdown> getType() {
            return (MessageType) MessageType.SHUTDOWN_REPLY;
        }
    }
}
