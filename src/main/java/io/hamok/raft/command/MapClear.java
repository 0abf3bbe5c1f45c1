package io.hamok.raft.command;

import java.util.Objects;

/**
 * Removes every entry of a map (one clear event, no per-key events).
 *
 * @param mapId     the map
 * @param userStore as for {@link MapWrite#userStore()}
 */
public record MapClear(String mapId, boolean userStore) implements Command {
    public MapClear {
        Objects.requireNonNull(mapId, "mapId");
    }

    @Override
    public int estimatedBytes() {
        return 8 + mapId.length();
    }
}
