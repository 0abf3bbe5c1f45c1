package io.hamok.raft.internal;

import io.hamok.raft.command.Listen;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule for listener registrations of peers that died: when the leader has not heard from a peer for
 * {@code listenerExpiry}, it removes that peer's registrations (one {@link Listen} command each, so every
 * peer agrees), and the grid stops producing events for maps nobody else listens to. A peer that comes
 * back registers again: after a restart its listeners do so when they are added; a peer that was only
 * cut off sees its registration removed in the log and sends it again (it misses the events in between).
 */
final class RegistrationExpiry implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationExpiry.class);

    private final String localPeerId;
    private final ListenerRegistry registry;
    private final BooleanSupplier isLeader;
    private final Supplier<Map<String, Long>> silenceMillisByPeer;
    private final Consumer<Listen> submit;
    private final Duration expiry;
    private final Set<Listen> expiring = new HashSet<>();

    RegistrationExpiry(String localPeerId, ListenerRegistry registry, BooleanSupplier isLeader,
                       Supplier<Map<String, Long>> silenceMillisByPeer, Consumer<Listen> submit, Duration expiry) {
        this.localPeerId = localPeerId;
        this.registry = registry;
        this.isLeader = isLeader;
        this.silenceMillisByPeer = silenceMillisByPeer;
        this.submit = submit;
        this.expiry = expiry;
    }

    @Override
    public void run() {
        try {
            if (!isLeader.getAsBoolean()) {
                expiring.clear();
                return;
            }
            Map<String, Long> silence = silenceMillisByPeer.get();
            Set<Listen> current = new HashSet<>();
            for (Listen registration : registry.registrations()) {
                current.add(registration);
                long silentMillis = silence.getOrDefault(registration.peerId(), 0L);
                if (!registration.peerId().equals(localPeerId) && silentMillis > expiry.toMillis()
                        && expiring.add(registration)) {
                    LOG.warn("{}: peer {} has not answered for {} ms (listenerExpiry {}): removing its listener"
                            + " registration on map '{}'", localPeerId, registration.peerId(), silentMillis, expiry,
                            registration.mapId());
                    submit.accept(new Listen(registration.mapId(), registration.peerId(), false));
                }
            }
            expiring.retainAll(current);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot check listener registrations for expiry: {}", localPeerId, e.toString());
        }
    }
}
