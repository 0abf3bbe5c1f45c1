package io.hamok.raft.internal;

import io.hamok.raft.GridMXBean;
import io.hamok.raft.GridStatus;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's {@link GridMXBean}, registered in the platform MBean server as
 * {@code io.hamok:type=Grid,group=<groupId>,peer=<peerId>}; a second peer of the same name in the same
 * JVM (embedded peers of several managers) gets {@code ,instance=<n>} appended.
 */
public final class GridBean implements GridMXBean, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GridBean.class);

    private final Supplier<GridStatus> status;
    private final ObjectName name;

    private GridBean(Supplier<GridStatus> status, ObjectName name) {
        this.status = status;
        this.name = name;
    }

    /** Registers a bean reading {@code status}; a JMX failure is logged, never fatal. */
    public static GridBean register(String groupId, String peerId, Supplier<GridStatus> status) {
        Objects.requireNonNull(status, "status");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = "io.hamok:type=Grid,group=" + value(groupId) + ",peer=" + value(peerId);
        for (int instance = 1; instance < 1_000; instance++) {
            try {
                ObjectName name = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
                GridBean bean = new GridBean(status, name);
                server.registerMBean(bean, name);
                return bean;
            } catch (InstanceAlreadyExistsException taken) {
                // another peer of this name runs in this JVM: try the next instance number
            } catch (JMException | RuntimeException e) {
                LOG.warn("{}: cannot register the grid MXBean {}: {}", peerId, base, e.toString());
                return new GridBean(status, null);
            }
        }
        return new GridBean(status, null);
    }

    private static String value(String text) {
        return text.matches("[A-Za-z0-9_.@-]*") ? text : ObjectName.quote(text);
    }

    /** The name the bean is registered under, or {@code null} when it is not registered. */
    public ObjectName name() {
        return name;
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("grid MXBean {} already unregistered: {}", name, e.toString());
        }
    }

    @Override
    public String getPeerId() {
        return status.get().peerId();
    }

    @Override
    public String getRole() {
        return status.get().role();
    }

    @Override
    public String getLeaderId() {
        String leader = status.get().leaderId();
        return leader == null ? "" : leader;
    }

    @Override
    public long getTerm() {
        return status.get().term();
    }

    @Override
    public long getCommitIndex() {
        return status.get().commitIndex();
    }

    @Override
    public long getAppliedIndex() {
        return status.get().appliedIndex();
    }

    @Override
    public boolean isCaughtUp() {
        return status.get().caughtUp();
    }

    @Override
    public long getLeaderChanges() {
        return status.get().leaderChanges();
    }

    @Override
    public Map<String, Long> getPeerMatchIndexes() {
        Map<String, Long> result = new LinkedHashMap<>();
        status.get().peers().forEach(peer -> result.put(peer.peerId(), peer.matchIndex()));
        return result;
    }

    @Override
    public Map<String, Long> getPeerLags() {
        Map<String, Long> result = new LinkedHashMap<>();
        status.get().peers().forEach(peer -> result.put(peer.peerId(), peer.lag()));
        return result;
    }

    @Override
    public Map<String, Long> getAppliedIndexByMap() {
        return status.get().appliedIndexByMap();
    }

    @Override
    public double getCommandsPerEntry() {
        return status.get().batching().commandsPerEntry();
    }

    @Override
    public double getCommandsPerForward() {
        return status.get().batching().commandsPerForward();
    }

    @Override
    public double getCommandsPerStoreWrite() {
        return status.get().batching().commandsPerStoreWrite();
    }

    @Override
    public long getRequests() {
        return status.get().requests();
    }

    @Override
    public double getMeanRequestMillis() {
        return status.get().meanRequestMillis();
    }
}
