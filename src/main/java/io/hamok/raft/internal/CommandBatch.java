package io.hamok.raft.internal;

import io.hamok.raft.command.Command;
import io.hamok.raft.command.RequestId;

/**
 * A Raft entry of commands from one peer (group commit).
 *
 * @param originPeer the peer whose callers sent them
 * @param commands   the commands, in order
 * @param requestIds one per command: a command appended twice under one id takes effect once
 */
record CommandBatch(String originPeer, Command[] commands, RequestId[] requestIds) implements LogEntry {}
