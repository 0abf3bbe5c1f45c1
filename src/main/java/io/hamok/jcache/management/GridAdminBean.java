package io.hamok.jcache.management;

import io.hamok.raft.Grid;
import io.hamok.raft.PeerAddress;
import javax.cache.CacheException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** The {@link GridAdminMBean} of one grid peer, and its registration in the platform MBean server. */
public final class GridAdminBean implements GridAdminMBean {
    private final Grid grid;

    private GridAdminBean(Grid grid) {
        this.grid = grid;
    }

    /** Registers the bean of this peer; a name already taken is left alone. */
    public static void register(Grid grid) {
        JmxRegistration.register(objectName(grid), new StandardMBean(new GridAdminBean(grid), GridAdminMBean.class, false));
    }

    /** Unregisters the bean of this peer if registered. */
    public static void unregister(Grid grid) {
        JmxRegistration.unregister(objectName(grid));
    }

    /** {@code io.hamok:type=GridAdmin,group=<groupId>,peer=<peerId>}. */
    public static ObjectName objectName(Grid grid) {
        String text = "io.hamok:type=GridAdmin,group=" + ObjectName.quote(grid.config().groupId())
                + ",peer=" + ObjectName.quote(grid.localPeerId());
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new CacheException("invalid MBean name " + text, e);
        }
    }

    @Override
    public String[] getMembers() {
        return grid.members().stream().map(PeerAddress::toString).toArray(String[]::new);
    }

    @Override
    public String getLeader() {
        return grid.leaderId().orElse("");
    }

    @Override
    public boolean isReady() {
        return grid.isReady();
    }

    @Override
    public void addPeer(String peer) {
        grid.addPeer(PeerAddress.parse(peer));
    }

    @Override
    public void removePeer(String peerId) {
        grid.removePeer(peerId);
    }

    @Override
    public String transferLeadership(String peerId) {
        return grid.transferLeadership(peerId == null || peerId.isBlank() ? null : peerId);
    }
}
