package io.hamok.raft.internal;

import io.hamok.raft.command.Command;

/** A Raft entry of commands from one peer (group commit). */
record CommandBatch(String originPeer, Command[] commands) implements LogEntry {}
