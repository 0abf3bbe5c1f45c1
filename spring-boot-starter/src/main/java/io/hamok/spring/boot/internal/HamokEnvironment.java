package io.hamok.spring.boot.internal;

import java.util.ArrayList;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Collects the {@code hamok.*} settings of a Spring environment (application.yml, properties, command
 * line, system properties) as the provider's {@code Properties}. A YAML list such as {@code hamok.peers}
 * becomes the comma-separated value the provider reads.
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
            for (String name : enumerable.getPropertyNames()) {
                if (!name.startsWith(PREFIX) || plain.containsKey(name)) {
                    continue;
                }
                String value = environment.getProperty(name);
                if (value == null) {
                    continue;
                }
                Matcher indexed = INDEXED.matcher(name);
                if (indexed.matches()) {
                    lists.computeIfAbsent(indexed.group(1), key -> new TreeMap<>())
                            .putIfAbsent(Integer.parseInt(indexed.group(2)), value);
                } else {
                    plain.put(name, value);
                }
            }
        }
        lists.forEach((name, items) -> plain.putIfAbsent(name, String.join(",", new ArrayList<>(items.values()))));
        Properties properties = new Properties();
        properties.putAll(plain);
        return properties;
    }

}
