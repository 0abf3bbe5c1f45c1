package io.hamok.spring.boot.internal;

import io.hamok.jcache.configuration.GridSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Collects the {@code hamok.*} settings of a Spring environment (application.yml, properties, command
 * line, system properties) as the provider's {@code Properties}. A YAML list such as {@code hamok.peers}
 * becomes the comma-separated value the provider reads. The option at the end of a key may be written
 * in Spring's kebab case ({@code hamok.local-peer-id}, {@code hamok.cache.orders.expiry.created}): it
 * becomes the provider's camel case ({@code hamok.localPeerId}); cache and template names stay as written.
 * Where a setting appears in both forms, the source that Spring ranks first wins. A grid setting may also
 * come from an environment variable in Spring's form: {@code HAMOK_LOCALPEERID}, {@code HAMOK_REDIS_URL}
 * (declared caches and templates may not: a variable's name loses the case of a cache name).
 */
public final class HamokEnvironment {
    private static final String PREFIX = "hamok.";
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private HamokEnvironment() {}

    /** Every {@code hamok.*} setting, resolved with Spring's precedence and placeholders. */
    public static Properties settings(ConfigurableEnvironment environment) {
        Map<String, String> plain = new TreeMap<>();
        Map<String, TreeMap<Integer, String>> lists = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            Map<String, String> fromSource = new TreeMap<>();
            Map<String, TreeMap<Integer, String>> listsFromSource = new TreeMap<>();
            boolean variables = source instanceof SystemEnvironmentPropertySource;
            for (String name : enumerable.getPropertyNames()) {
                String key = variables ? fromVariable(name) : name;
                Object raw = key != null && key.startsWith(PREFIX) ? enumerable.getProperty(name) : null;
                if (raw == null) {
                    continue;
                }
                String value = environment.resolvePlaceholders(String.valueOf(raw));
                Matcher indexed = INDEXED.matcher(key);
                if (indexed.matches()) {
                    listsFromSource.computeIfAbsent(canonical(indexed.group(1)), list -> new TreeMap<>())
                            .put(Integer.parseInt(indexed.group(2)), value);
                } else {
                    fromSource.put(canonical(key), value);
                }
            }
            listsFromSource.forEach((name, items) -> fromSource.putIfAbsent(name, String.join(",", new ArrayList<>(items.values()))));
            fromSource.forEach(plain::putIfAbsent);
        }
        Properties properties = new Properties();
        properties.putAll(plain);
        return properties;
    }

    /** The grid setting an environment variable names ({@code HAMOK_LOCALPEERID}: {@code hamok.localPeerId}), or {@code null}. */
    static String fromVariable(String variable) {
        String uniform = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        for (String key : KEYS) {
            if (key.toLowerCase(Locale.ROOT).equals(uniform)) {
                return key;
            }
        }
        return null;
    }

    private static final List<String> KEYS = GridSettings.Keys.all();

    /** The key with its last part in camel case: {@code hamok.tls.key-store} becomes {@code hamok.tls.keyStore}. */
    static String canonical(String key) {
        int lastDot = key.lastIndexOf('.');
        String option = key.substring(lastDot + 1);
        if (option.indexOf('-') < 0) {
            return key;
        }
        StringBuilder camel = new StringBuilder(key.length()).append(key, 0, lastDot + 1);
        boolean upper = false;
        for (char c : option.toCharArray()) {
            if (c == '-') {
                upper = camel.length() > lastDot + 1;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
