package io.hamok.admin;

import io.hamok.jcache.configuration.GridSettings;
import io.hamok.raft.PeerAddress;
import io.hamok.raft.PeerTls;
import io.hamok.raft.internal.GroupAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The command-line tool that operates a running grid through any of its peers. Run it with the
 * application's class path (hamok-jcache and its dependencies):
 * <pre>
 * java -cp "app/lib/*" io.hamok.admin.GridAdmin --config peer.properties [--ask id] [--timeout seconds] COMMAND
 * java -cp "app/lib/*" io.hamok.admin.GridAdmin --group hamok --peer id@host:port [--timeout seconds] COMMAND
 *
 * COMMAND: status | add-peer id@host:port | remove-peer id | transfer-leader [id]
 * </pre>
 * {@code --config} reads a peer's properties file ({@code hamok.groupId}, {@code hamok.peers} and the
 * {@code hamok.tls.*} settings); {@code --ask} picks the peer to ask (default: the first that answers);
 * {@code --timeout} bounds the command (default 60 s): until then a refused call is tried again every
 * 250 ms, as a new peer may take a while to catch up before the grid takes it in.
 * Exit status 0 on success, 1 when the grid refused or did not answer, 2 on a usage error.
 */
public final class GridAdmin {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final String USAGE_TEXT = "usage: GridAdmin (--config <peer properties> [--ask <peer id>]"
            + " | --group <groupId> --peer <id@host:port>...) [--timeout <seconds>] status | add-peer <id@host:port> | remove-peer <id>"
            + " | transfer-leader [<id>]";

    private GridAdmin() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try (GroupAdmin.Connection connection = GroupAdmin.connect(invocation.groupId, invocation.peers, invocation.tls,
                Duration.ofSeconds(10), invocation.timeout)) {
            RaftPeerId asked = RaftPeerId.valueOf(invocation.ask != null ? invocation.ask : firstAnswering(connection, invocation.peers));
            GroupAdmin admin = connection.admin();
            switch (invocation.command) {
                case "status" -> admin.status(asked).lines().forEach(out::println);
                case "add-peer" -> {
                    admin.addPeer(PeerAddress.parse(invocation.argument));
                    out.println("added " + invocation.argument + "; members: " + admin.members(asked));
                }
                case "remove-peer" -> {
                    admin.removePeer(invocation.argument, asked);
                    out.println("removed " + invocation.argument + "; members: " + admin.members(asked));
                }
                case "transfer-leader" -> out.println("leader: " + admin.transferLeadership(invocation.argument, asked, 10_000));
                default -> throw new IllegalStateException(invocation.command);
            }
            return OK;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println(invocation.command + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static String firstAnswering(GroupAdmin.Connection connection, List<PeerAddress> peers) throws IOException {
        IOException last = null;
        for (PeerAddress peer : peers) {
            try {
                connection.admin().members(RaftPeerId.valueOf(peer.id()));
                return peer.id();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no peer of " + peers + " answered", last);
    }

    /** A parsed command line. */
    private record Invocation(String groupId, List<PeerAddress> peers, PeerTls tls, String ask, Duration timeout,
                              String command, String argument) {
        static Invocation parse(String[] args) {
            String config = null;
            String group = null;
            String ask = null;
            Duration timeout = Duration.ofSeconds(60);
            List<PeerAddress> peers = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = value(args, ++i, "--config");
                    case "--group" -> group = value(args, ++i, "--group");
                    case "--peer" -> peers.add(PeerAddress.parse(value(args, ++i, "--peer")));
                    case "--ask" -> ask = value(args, ++i, "--ask");
                    case "--timeout" -> timeout = seconds(value(args, ++i, "--timeout"));
                    default -> rest.add(args[i]);
                }
            }
            PeerTls tls = null;
            if (config != null) {
                GridSettings settings = GridSettings.parse(load(Path.of(config)));
                group = group != null ? group : settings.groupId();
                if (peers.isEmpty()) {
                    peers.addAll(settings.peers());
                }
                tls = settings.tls();
            }
            if (group == null || peers.isEmpty()) {
                throw new IllegalArgumentException("name the grid: --config <peer properties>, or --group and --peer");
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            String command = rest.get(0);
            int arguments = switch (command) {
                case "status" -> 0;
                case "add-peer", "remove-peer" -> 1;
                case "transfer-leader" -> rest.size() > 1 ? 1 : 0;
                default -> throw new IllegalArgumentException("command : '" + command
                        + "' (expected: status, add-peer, remove-peer or transfer-leader)");
            };
            if (rest.size() != 1 + arguments) {
                throw new IllegalArgumentException(command + " : " + rest.subList(1, rest.size()) + " (expected: "
                        + (arguments == 0 ? "no argument" : "one argument") + ")");
            }
            return new Invocation(group, List.copyOf(peers), tls, ask, timeout, command, arguments == 1 ? rest.get(1) : null);
        }

        private static Duration seconds(String value) {
            try {
                long seconds = Long.parseLong(value.trim());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--timeout : '" + value + "' (expected: a positive number of seconds)");
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " : no value");
            }
            return args[i];
        }

        private static Properties load(Path file) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--config : '" + file + "' (cannot read: " + e.getMessage() + ")", e);
            }
            return properties;
        }
    }
}
