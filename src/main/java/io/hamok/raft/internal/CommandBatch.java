package io.hamok.raft.internal;

import io.hamok.raft.command.Command;
import io.hamok.raft.command.Elements;
import io.hamok.raft.command.RequestId;

/**
 * A Raft entry of commands from every peer's callers (group commit on the leader), or a batch a
 * follower forwards to the leader.
 *
 * @param commands    the commands, in order
 * @param requestIds  one per command: a command appended twice under one id takes effect once
 * @param originPeers one per command: the peer whose caller sent it (it fires its own listeners)
 */
record CommandBatch(Command[] commands, RequestId[] requestIds, String[] originPeers) implements LogEntry {
    CommandBatch {
        Elements.requireNoNulls(commands, "commands");
        Elements.requireLength(Elements.requireNoNulls(requestIds, "requestIds").length, commands.length, "requestIds");
        Elements.requireLength(Elements.requireNoNulls(originPeers, "originPeers").length, commands.length, "originPeers");
    }
}
