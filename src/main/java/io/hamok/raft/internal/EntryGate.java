package io.hamok.raft.internal;

import io.hamok.exceptions.CodecException;
import io.hamok.raft.command.Checkpoint;
import io.hamok.raft.command.Command;
import io.hamok.raft.command.CommandResult;
import io.hamok.raft.command.Genesis;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;

/**
 * What the leader lets into the Raft log. The grid's own peers append through the leader's own server
 * (followers forward their batches to it), so an entry from any other client is a stranger's: it must
 * decode completely, and it may carry only map commands. Effects entries, checkpoints and log
 * incarnations come only from the leader of their term, so a forged effects entry cannot mute a map
 * and a forged checkpoint cannot make a new leader skip entries.
 */
final class EntryGate {
    private volatile ClientId leaderClient;

    /** The client id under which this peer's server appends its own entries while it leads. */
    void trust(ClientId localClient) {
        this.leaderClient = localClient;
    }

    /** Why the leader refuses to append this write request, or null to accept it. */
    String refusal(RaftClientRequest request) {
        if (request.getClientId().equals(leaderClient)) {
            return null;
        }
        LogEntry entry;
        try {
            entry = Wire.decode(request.getMessage().getContent(), LogEntry.class);
        } catch (CodecException e) {
            return "refused: " + e.getMessage();
        }
        if (entry instanceof EffectsBatch) {
            return "refused: an effects entry comes only from the leader of its term, not from client "
                    + request.getClientId();
        }
        return leaderOnly((CommandBatch) entry);
    }

    /**
     * Decodes a batch a follower forwarded to this leader, or refuses it with a reply that fails each of
     * its commands with the reason (a failed query would leave the sender waiting for its timeout).
     */
    static CommandBatch forwarded(Message message) throws Refused {
        CommandBatch batch;
        try {
            batch = Wire.decode(message.getContent(), CommandBatch.class);
        } catch (CodecException e) {
            throw new Refused("refused: " + e.getMessage(), 1);
        }
        String refusal = leaderOnly(batch);
        if (refusal != null) {
            throw new Refused(refusal, batch.commands().length);
        }
        return batch;
    }

    /** A forwarded batch the leader does not take, with the reply that says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Message reply;

        Refused(String why, int commands) {
            super(why, null, false, false);
            CommandResult[] results = new CommandResult[commands];
            java.util.Arrays.fill(results, new CommandResult.Failed(0, false, true, why));
            this.reply = Message.valueOf(Wire.encode(new BatchReply(0, results)));
        }

        Message reply() {
            return reply;
        }
    }

    /** Whether only the leader of a term may append {@code command} (a peer never forwards one). */
    static boolean isLeaderOnly(Command command) {
        return command instanceof Checkpoint || command instanceof Genesis;
    }

    private static String leaderOnly(CommandBatch batch) {
        for (Command command : batch.commands()) {
            if (isLeaderOnly(command)) {
                return "refused: a " + command.getClass().getSimpleName() + " comes only from the leader of its term";
            }
        }
        return null;
    }
}
