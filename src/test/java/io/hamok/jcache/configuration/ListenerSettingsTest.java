package io.hamok.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code hamok.listenerTimeout} and {@code hamok.listenerExpiry}: defaults, values, refusals. */
class ListenerSettingsTest {
    @Test
    void defaults_areFiveSecondsAndFiveMinutes() {
        GridSettings settings = GridSettings.parse(new Properties());
        assertEquals(Duration.ofSeconds(5), settings.listenerTimeout());
        assertEquals(Duration.ofMinutes(5), settings.listenerExpiry());
    }

    @Test
    void values_areParsedAsDurations() {
        Properties p = new Properties();
        p.setProperty("hamok.listenerTimeout", "250ms");
        p.setProperty("hamok.listenerExpiry", "1h");
        GridSettings settings = GridSettings.parse(p);
        assertEquals(Duration.ofMillis(250), settings.listenerTimeout());
        assertEquals(Duration.ofHours(1), settings.listenerExpiry());
    }

    @Test
    void zero_isRefusedNamingTheSetting() {
        for (String key : new String[] {"hamok.listenerTimeout", "hamok.listenerExpiry"}) {
            Properties p = new Properties();
            p.setProperty(key, "0s");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridSettings.parse(p));
            assertTrue(e.getMessage().startsWith(key + " : "), e.getMessage());
        }
    }
}
