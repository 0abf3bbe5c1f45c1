package io.hamok.jcache.management;

/**
 * Membership operations of a grid, one bean per running peer, registered as
 * {@code io.hamok:type=GridAdmin,group=<groupId>,peer=<peerId>}. Each operation goes through the grid's
 * leader and returns once the change is committed; see docs/OPERATIONS.md.
 */
public interface GridAdminMBean {
    /** The grid's current members, {@code id@host:port} each. */
    String[] getMembers();

    /** The leader's id, or an empty string while none is known. */
    String getLeader();

    /** Whether this peer is ready: a leader is known and this peer has caught up with the log. */
    boolean isReady();

    /** Adds a running peer, given as {@code id@host:port}; it catches up before it counts for a majority. */
    void addPeer(String peer);

    /** Removes a member by id; stop that peer afterwards. */
    void removePeer(String peerId);

    /** Makes a member the leader (empty: the most caught-up other member); returns the new leader's id. */
    String transferLeadership(String peerId);
}
