"""Jupyter's kernel conformance tests (jupyter_kernel_test) for SnakLab's Java kernel.

Run with Debian's python3 and a kernelspec named "snaklib" on JUPYTER_PATH, e.g.
  ./snak kernel install --prefix /tmp/k && JUPYTER_PATH=/tmp/k/share/jupyter /usr/bin/python3 kernel_conformance.py
KernelConformanceTest (JUnit) does exactly that. One code sample per message type the kernel supports.
"""
import os
import unittest

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message


class SnakKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("SNAK_KERNEL_NAME", "snaklib")

    # kernel_info_reply
    language_name = "java"
    file_extension = ".jshell"

    # execute_request: streams
    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    # complete_request
    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "System.out.printl", "matches": {"println("}},
    ]

    # is_complete_request
    complete_code_samples = ["1 + 1", "int a = 1;", "for (int i = 0; i < 3; i++) { }", "class A {}"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int b = (1 +", "class B {"]
    invalid_code_samples = ["int c = ;", "}}"]

    # execute_request: error (exactly one output message, the error)
    code_generate_error = 'throw new IllegalStateException("boom");'

    # execute_result: a value, and none for statements (checked in test_no_result_for_statements)
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"snak" + "lab"', "result": "snaklab"},
        {"code": "java.util.List.of(1, 2)", "result": "[1, 2]"},
    ]

    # display_data
    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
        {"code": 'display(render(java.net.URI.create("https://example.org").toURL()));', "mime": "text/plain"},
    ]

    # history_request
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 *"

    # inspect_request
    code_inspect_sample = "Math.abs"

    # clear_output
    code_clear_output = "clearOutput();"

    def test_comm_info(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=jupyter_kernel_test.TIMEOUT)
        validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["comms"], {})

    def test_silent_execution_publishes_nothing(self):
        self.flush_channels()
        msg_id = self.kc.execute('System.out.println("hidden"); 1', silent=True)
        reply = self.get_non_kernel_info_reply(timeout=jupyter_kernel_test.TIMEOUT)
        validate_message(reply, "execute_reply", msg_id)
        types = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=5)
            types.append(msg["msg_type"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.assertEqual(types, ["status", "status"])

    def test_no_result_for_statements(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("int quiet = 1;")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], [])

    def test_exception_then_next_cell_runs(self):
        self.flush_channels()
        reply, outputs = self.execute_helper('int[] arr = new int[1]; arr[3]')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(outputs[0]["content"]["ename"], "java.lang.ArrayIndexOutOfBoundsException")
        reply, outputs = self.execute_helper("arr.length")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_unknown_magic_is_an_error_and_kernel_lives(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("%nosuchmagic 1 2")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("unknown magic %nosuchmagic", outputs[0]["content"]["evalue"])
        reply, outputs = self.execute_helper("1 + 2")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_magics(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("%time 40 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        texts = [m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream"]
        self.assertTrue(any("Wall time" in t for t in texts), texts)
        self.assertIn("execute_result", [m["msg_type"] for m in outputs])
        reply, outputs = self.execute_helper("List<String> added = %classpath /tmp\nadded.size()")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_interrupt_stops_a_long_cell(self):
        self.flush_channels()
        msg_id = self.kc.execute("long n = 0; while (true) { n++; }")
        import time
        time.sleep(2)
        self.km.interrupt_kernel()
        reply = self.get_non_kernel_info_reply(timeout=20)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.flush_channels()
        reply, outputs = self.execute_helper('"alive"')
        self.assertEqual(reply["content"]["status"], "ok")

    def test_interrupt_reaches_a_library_loop_once(self):
        # InterruptibleWork (test classes) checks Thread.currentThread().isInterrupted() like the training loop.
        self.flush_channels()
        reply, _ = self.execute_and_read("%classpath " + os.environ["SNAK_TEST_CLASSES"])
        self.assertEqual(reply["content"]["status"], "ok")
        msg_id = self.kc.execute("dk.snaklib.notebook.InterruptibleWork.untilInterrupted(60_000);")
        import time
        time.sleep(3)
        self.km.interrupt_kernel()
        reply = self.get_non_kernel_info_reply(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        texts = self.iopub_texts_until_idle(msg_id)
        self.assertIn("library loop saw the interrupt\n", texts)
        self.assertIn("cleanup finished without a second interrupt\n", texts)
        reply, texts = self.execute_and_read('System.out.println("next cell runs");')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(texts, "next cell runs\n")

    def execute_and_read(self, code):
        """Like execute_helper, but reads only messages parented to this request (others may still be queued)."""
        msg_id = self.kc.execute(code)
        while True:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        return reply, self.iopub_texts_until_idle(msg_id)

    def iopub_texts_until_idle(self, msg_id):
        """Stream text of request msg_id until its idle (the interrupt_request has a busy/idle of its own)."""
        texts = ""
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                texts += msg["content"]["text"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return texts

    def test_bad_messages_on_every_channel_are_dropped(self):
        import time
        import zmq
        from jupyter_client.session import Session
        self.flush_channels()
        info = self.km.get_connection_info()
        context = zmq.Context()
        sockets = {}
        for name in ("shell", "control", "stdin"):  # plain sockets of our own, as any local process could open
            sockets[name] = context.socket(zmq.DEALER)
            sockets[name].connect("%s://%s:%d" % (info["transport"], info["ip"], info[name + "_port"]))
        session = self.kc.session
        wrong_key = Session(key=b"not-the-kernel-key", username="intruder")
        try:
            for name, socket in sockets.items():
                # A well-formed request signed with the wrong key.
                wrong_key.send(socket, "kernel_info_request", {})
                # Correctly signed frames whose header is not JSON.
                frames = [b"{not json", b"{}", b"{}", b"{}"]
                socket.send_multipart([b"<IDS|MSG>", session.sign(frames)] + frames)
                # Correctly signed, but the content is not an execute_request's.
                frames = [session.pack(session.msg_header("execute_request")), b"{}", b"{}", b"[1, 2]"]
                socket.send_multipart([b"<IDS|MSG>", session.sign(frames)] + frames)
            time.sleep(1)
            for attempt in range(2):  # the kernel still answers on shell and on control, and runs cells
                reply, texts = self.execute_and_read('System.out.println("still answering");')
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertEqual(texts, "still answering\n")
                for name in ("shell", "control"):
                    sent = session.send(sockets[name], "kernel_info_request", {})
                    self.assertTrue(sockets[name].poll(10000), "no kernel_info_reply on " + name)
                    _, frames = session.feed_identities(sockets[name].recv_multipart())
                    reply = session.deserialize(frames)
                    self.assertEqual(reply["parent_header"]["msg_id"], sent["header"]["msg_id"])
                    self.assertEqual(reply["content"]["status"], "ok")
                    self.iopub_texts_until_idle(sent["header"]["msg_id"])  # its busy/idle, before the next cell
        finally:
            for socket in sockets.values():
                socket.close(linger=0)
            context.term()

    def test_zz_restart_gives_a_fresh_session(self):
        # Named to run last: a restart is a shutdown_request(restart=True) and a new kernel process.
        self.flush_channels()
        reply, _ = self.execute_helper("int beforeRestart = 1;")
        self.assertEqual(reply["content"]["status"], "ok")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=60)
        self.flush_channels()
        reply, outputs = self.execute_helper("beforeRestart")
        self.assertEqual(reply["content"]["status"], "error")
        reply, outputs = self.execute_helper('"fresh"')
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main(verbosity=2)
