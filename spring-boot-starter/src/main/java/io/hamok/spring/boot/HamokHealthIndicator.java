package io.hamok.spring.boot;

import io.hamok.raft.GridStatus;
import io.hamok.spring.boot.internal.GridAccess;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The health of this peer ({@code /actuator/health/hamok}): UP when a leader is known and the store
 * answers; DOWN otherwise. Details: {@code peer}, {@code role}, {@code leader}, {@code term},
 * {@code commitIndex}, {@code appliedIndex}, {@code caughtUp} (this peer applied everything the leader
 * had committed) and {@code store} ({@code UP}, or what went wrong).
 */
public class HamokHealthIndicator extends AbstractHealthIndicator {
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

    private final GridAccess access;

    public HamokHealthIndicator(GridAccess access) {
        super("hamok health check failed");
        this.access = Objects.requireNonNull(access, "access");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        GridStatus status = access.grid().status();
        String storeProblem = access.grid().probeStore(STORE_TIMEOUT);
        boolean up = status.leaderId() != null && storeProblem == null;
        (up ? builder.up() : builder.down())
                .withDetail("peer", status.peerId())
                .withDetail("role", status.role())
                .withDetail("leader", status.leaderId() == null ? "none" : status.leaderId())
                .withDetail("term", status.term())
                .withDetail("commitIndex", status.commitIndex())
                .withDetail("appliedIndex", status.appliedIndex())
                .withDetail("caughtUp", status.caughtUp())
                .withDetail("store", storeProblem == null ? "UP" : storeProblem);
    }
}
