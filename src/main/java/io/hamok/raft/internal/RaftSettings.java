package io.hamok.raft.internal;

import io.hamok.raft.GridConfig;
import io.hamok.raft.PeerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** How a peer configures Ratis: the server's properties, the client's retries, TLS. */
final class RaftSettings {
    private RaftSettings() {}

    static RaftProperties properties(GridConfig config, Path storageDir) {
        RaftProperties properties = new RaftProperties();
        PeerAddress local = config.localPeer();
        GrpcConfigKeys.Server.setHost(properties, local.host());
        GrpcConfigKeys.Server.setPort(properties, local.port());
        int entryLimit = Math.max(config.maxEntryBytes(), 1 << 20);
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(2L * entryLimit + (1 << 20)));
        RaftServerConfigKeys.setStorageDir(properties, List.of(storageDir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(config.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(config.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, millis(config.electionTimeoutMax().multipliedBy(2)));
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(Math.max(32L << 20, 4L * entryLimit)));
        // Closed segments kept in memory: Ratis' default (6 segments, 200 MB) filled a 512 MB heap under putAll
        // loads. Followers that lag and a new leader reading after the checkpoint read older entries from disk.
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(properties, 2);
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(properties, SizeInBytes.valueOf(Math.max(64L << 20, 4L * entryLimit)));
        long appenderLimit = entryLimit + (1L << 20);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, SizeInBytes.valueOf(appenderLimit));
        RaftServerConfigKeys.Log.setWriteBufferSize(properties, SizeInBytes.valueOf(appenderLimit + (64 << 10)));
        if (!config.logFsync()) {
            RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, true);
        }
        // Send each entry to the followers at once (the default waits up to 1 ms after the last send).
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(properties, TimeDuration.ZERO);
        // Retry an unreachable follower every second (Ratis' default backs off to 5 s), so that a peer
        // that comes back is caught up within about a second.
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(properties, "1ms,10, 1s,1000000");
        // A peer being added must answer the leader within the staging timeout (Ratis' default, 0.9 s) or the
        // membership change fails; its first answer comes after it wrote the whole log it was sent, which on a
        // busy machine took longer, and every retry started over.
        RaftServerConfigKeys.setStagingTimeout(properties, TimeDuration.valueOf(20, TimeUnit.SECONDS));
        RaftServerConfigKeys.Log.setPurgeGap(properties, config.snapshotEveryEntries());
        RaftServerConfigKeys.RetryCache.setExpiryTime(properties, millis(config.retryCacheExpiry()));
        // Read-only requests confirm the leadership with a majority before the state machine answers them:
        // near-cache leases rely on it. Forwarded batches ask for the non-linearizable path explicitly.
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Write.setByteLimit(properties, SizeInBytes.valueOf(Math.max(64L << 20, 8L * entryLimit)));
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(properties, millis(clientRequestTimeout(config)));
        return properties;
    }

    /** How long a peer's Raft client waits for an answer (a follower's forward) before it sends the request again. */
    static java.time.Duration clientRequestTimeout(GridConfig config) {
        return config.electionTimeoutMax().multipliedBy(2);
    }

    /** A client for one-off admin questions: no retries, a short timeout. */
    static RaftClient probe(RaftProperties properties, Parameters parameters, RaftGroup group) {
        RaftProperties shortTimeout = new RaftProperties(properties);
        org.apache.ratis.client.RaftClientConfigKeys.Rpc.setRequestTimeout(shortTimeout, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        return RaftClient.newBuilder()
                .setProperties(shortTimeout)
                .setParameters(parameters)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.noRetry())
                .build();
    }

    /**
     * A client that retries every 50 ms for at most half the retry cache's expiry: a retry that arrives
     * after the server forgot the request would append it again.
     */
    static RaftClient client(RaftProperties properties, Parameters parameters, RaftGroup group, GridConfig config) {
        // Short pauses: after a leader dies, callers move to the new one as soon as it is elected.
        org.apache.ratis.retry.RetryPolicy every50ms = RetryPolicies.retryForeverWithSleep(
                TimeDuration.valueOf(50, TimeUnit.MILLISECONDS));
        org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy.Builder retry =
                org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy.newBuilder();
        for (var type : org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase.values()) {
            retry.setRetryPolicy(type, every50ms).setTimeout(type, millis(config.retryCacheExpiry().dividedBy(2)));
        }
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setParameters(parameters)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(retry.build())
                .build();
    }

    /** Ratis parameters carrying the peers' TLS, for the server, its admin service and the clients. */
    static Parameters tls(io.hamok.raft.PeerTls tls) {
        Parameters parameters = new Parameters();
        if (tls != null) {
            GrpcTlsConfig grpcTls = new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), tls.mutual());
            GrpcConfigKeys.Server.setTlsConf(parameters, grpcTls);
            GrpcConfigKeys.Admin.setTlsConf(parameters, grpcTls);
            GrpcConfigKeys.Client.setTlsConf(parameters, grpcTls);
        }
        return parameters;
    }

    static TimeDuration millis(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
