package io.hamok.exceptions;

/**
 * A fenced store write was refused because the store's applied index is not the one the writer
 * expected: another leader has written since. The writer must re-read the applied index.
 */
public class StaleLeaderException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final long storedIndex;

    public StaleLeaderException(String mapId, long expectedIndex, long storedIndex) {
        super("fenced write to map '" + mapId + "' refused: expected applied index " + expectedIndex
                + " but the store holds " + storedIndex);
        this.storedIndex = storedIndex;
    }

    /** The applied index the store holds. */
    public long storedIndex() {
        return storedIndex;
    }
}
