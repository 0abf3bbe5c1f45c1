package io.hamok.raft.command;

/** What an executed command did to one key, or to the whole map. */
public enum EffectKind { INSERT, UPDATE, REMOVE, EXPIRE, CLEAR }
