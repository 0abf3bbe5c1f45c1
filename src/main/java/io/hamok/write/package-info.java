/**
 * The write vocabulary shared by the map API and the log: what a write does ({@link io.hamok.write.WriteKind}),
 * when it applies ({@link io.hamok.write.Condition}) and the time-to-live it sets ({@link io.hamok.write.Ttl}).
 * Depends on nothing of ours.
 */
package io.hamok.write;
