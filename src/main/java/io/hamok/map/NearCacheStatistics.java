package io.hamok.map;

import io.hamok.raft.NearCacheMode;

/**
 * A near cache's counters on this peer.
 *
 * @param mode          the near cache's mode
 * @param hits          reads served from the near cache
 * @param misses        reads that went to the store (the key was not cached, or this peer held no lease)
 * @param invalidations cached keys dropped because an entry that may change them reached this peer
 * @param size          entries cached now (an estimate)
 */
public record NearCacheStatistics(NearCacheMode mode, long hits, long misses, long invalidations, long size) {}
