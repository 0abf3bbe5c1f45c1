package io.hamok.jcache.configuration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

import io.hamok.codec.Codec;
import io.hamok.jcache.configuration.internal.ClassFactory;
import io.hamok.jcache.configuration.internal.DeclaredExpiryPolicy;

/**
 * Caches and templates declared in a cache manager's configuration, as
 * {@code hamok.cache.<name>.<option>=<value>} and {@code hamok.template.<name>.<option>=<value>}. A
 * cache takes the options of the template it names ({@code template=<name>}), else those of the
 * template {@code default} if declared, and its own options over them (its {@code expiry.*} options
 * replace the template's as a whole). The template {@code default}
 * also covers every cache that is not declared. Every option is documented in
 * {@code docs/CONFIGURATION.md}; cache names may contain dots.
 */
public final class DeclaredCaches {
    /** Prefix of a cache's options. */
    public static final String CACHE_PREFIX = "hamok.cache.";
    /** Prefix of a template's options. */
    public static final String TEMPLATE_PREFIX = "hamok.template.";
    /** The template that covers caches declaring no other, and caches not declared at all. */
    public static final String DEFAULT_TEMPLATE = "default";

    /** Every option, in the order the documentation lists them. */
    public static final List<String> OPTIONS = List.of("template", "keyType", "valueType", "expiry.created",
            "expiry.accessed", "expiry.modified", "expiry.eternal", "statistics", "management", "noEvents",
            "requestTimeout", "keyCodec", "valueCodec", "maxOutboundMessageKeys", "maxOutboundMessageValues",
            "readThrough", "loader", "writeThrough", "writer");

    /** Options sorted longest first, so that {@code expiry.created} wins over a name ending in {@code .created}. */
    private static final List<String> BY_LENGTH = OPTIONS.stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();

    private final Map<String, Map<String, String>> caches;
    private final Map<String, Map<String, String>> templates;
    private final ClassLoader classLoader;

    private DeclaredCaches(Map<String, Map<String, String>> caches, Map<String, Map<String, String>> templates,
                           ClassLoader classLoader) {
        this.caches = caches;
        this.templates = templates;
        this.classLoader = classLoader;
    }

    /** Whether a setting name belongs to a declaration (so that the grid settings leave it alone). */
    public static boolean isDeclaration(String key) {
        return key.startsWith(CACHE_PREFIX) || key.startsWith(TEMPLATE_PREFIX);
    }

    /**
     * Reads and checks every declaration in merged settings: class names are loaded, values parsed.
     *
     * @throws IllegalArgumentException naming the cache or template, the option and the value, when one is invalid
     */
    public static DeclaredCaches parse(Properties settings, ClassLoader classLoader) {
        Objects.requireNonNull(settings, "settings");
        Map<String, Map<String, String>> caches = new LinkedHashMap<>();
        Map<String, Map<String, String>> templates = new LinkedHashMap<>();
        for (String key : settings.stringPropertyNames().stream().sorted().toList()) {
            boolean cache = key.startsWith(CACHE_PREFIX);
            if (!cache && !key.startsWith(TEMPLATE_PREFIX)) {
                continue;
            }
            String rest = key.substring(cache ? CACHE_PREFIX.length() : TEMPLATE_PREFIX.length());
            String option = BY_LENGTH.stream().filter(o -> rest.endsWith("." + o) && rest.length() > o.length() + 1)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(key + " : '" + settings.getProperty(key)
                            + "' (expected: " + (cache ? CACHE_PREFIX : TEMPLATE_PREFIX) + "<name>.<option>, the option one of "
                            + OPTIONS + ")"));
            String name = rest.substring(0, rest.length() - option.length() - 1);
            if (!cache && option.equals("template")) {
                throw new IllegalArgumentException("template '" + name + "' option template : '" + settings.getProperty(key)
                        + "' (expected: only caches name a template)");
            }
            (cache ? caches : templates).computeIfAbsent(name, n -> new LinkedHashMap<>())
                    .put(option, settings.getProperty(key).trim());
        }
        DeclaredCaches declared = new DeclaredCaches(caches, templates, classLoader);
        templates.keySet().forEach(name -> declared.configure(new HamokConfiguration<>(), "template '" + name + "'",
                templates.get(name)));
        caches.keySet().forEach(name -> declared.apply(name, new HamokConfiguration<>()));
        return declared;
    }

    /** Whether nothing is declared. */
    public boolean isEmpty() {
        return caches.isEmpty() && templates.isEmpty();
    }

    /** The names of the declared caches. */
    public List<String> cacheNames() {
        return List.copyOf(caches.keySet());
    }

    /** Whether a declaration applies to the name: the cache is declared, or the template {@code default} is. */
    public boolean covers(String cacheName) {
        return caches.containsKey(cacheName) || templates.containsKey(DEFAULT_TEMPLATE);
    }

    /** Whether the declaration of this cache (or its template) sets its key or value type. */
    public boolean declaresTypes(String cacheName) {
        Map<String, String> options = options(cacheName);
        return options.containsKey("keyType") || options.containsKey("valueType");
    }

    /**
     * The configuration a cache is created with: a copy of the one given, with the declared options over it.
     * Without a declaration for the name, the copy as it is.
     *
     * @throws IllegalArgumentException naming the cache, the option and the value, when they do not fit
     */
    public <K, V> HamokConfiguration<K, V> apply(String cacheName, Configuration<K, V> given) {
        HamokConfiguration<K, V> copy = new HamokConfiguration<>(given);
        if (!covers(cacheName)) {
            return copy;
        }
        return configure(copy, "cache '" + cacheName + "'", options(cacheName));
    }

    /** The template's options, then the cache's own over them. */
    private Map<String, String> options(String cacheName) {
        Map<String, String> own = caches.getOrDefault(cacheName, Map.of());
        String template = own.getOrDefault("template", DEFAULT_TEMPLATE);
        if (own.containsKey("template") && !templates.containsKey(template)) {
            throw new IllegalArgumentException("cache '" + cacheName + "' option template : '" + template
                    + "' (expected: one of the declared templates " + templates.keySet() + ")");
        }
        Map<String, String> merged = new LinkedHashMap<>(templates.getOrDefault(template, Map.of()));
        if (own.keySet().stream().anyMatch(option -> option.startsWith("expiry."))) {
            // expiry is one setting: the cache's replaces the template's as a whole
            merged.keySet().removeIf(option -> option.startsWith("expiry."));
        }
        merged.putAll(own);
        return merged;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <K, V> HamokConfiguration<K, V> configure(HamokConfiguration<K, V> c, String owner, Map<String, String> options) {
        Option option = new Option(owner, options);
        for (Map.Entry<String, String> entry : options.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            switch (name) {
                case "keyType" -> c.setTypes((Class<K>) type(option, name, c.getKeyType()), c.getValueType());
                case "valueType" -> c.setTypes(c.getKeyType(), (Class<V>) type(option, name, c.getValueType()));
                case "statistics" -> c.setStatisticsEnabled(option.bool(name));
                case "management" -> c.setManagementEnabled(option.bool(name));
                case "noEvents" -> c.setNoEvents(option.bool(name));
                case "requestTimeout" -> {
                    java.time.Duration timeout = option.duration(name);
                    if (timeout.isZero()) {
                        throw option.invalid(name, "a duration > 0");
                    }
                    c.setRequestTimeout(timeout);
                }
                case "keyCodec" -> c.setKeyCodec((Codec<K>) option.factory(name, Codec.class, classLoader).create());
                case "valueCodec" -> c.setValueCodec((Codec<V>) option.factory(name, Codec.class, classLoader).create());
                case "maxOutboundMessageKeys" -> c.setMaxOutboundMessageKeys(option.integer(name));
                case "maxOutboundMessageValues" -> c.setMaxOutboundMessageValues(option.integer(name));
                case "loader" -> c.setCacheLoaderFactory((ClassFactory) option.factory(name, CacheLoader.class, classLoader));
                case "writer" -> c.setCacheWriterFactory((ClassFactory) option.factory(name, CacheWriter.class, classLoader));
                default -> {
                    // template, expiry.*, readThrough, writeThrough: below, as they combine
                }
            }
        }
        c.setReadThrough(through(option, "readThrough", "loader", c.isReadThrough()));
        c.setWriteThrough(through(option, "writeThrough", "writer", c.isWriteThrough()));
        if (c.isReadThrough() && c.getCacheLoaderFactory() == null) {
            throw option.invalid("readThrough", "false unless a loader is declared or configured");
        }
        if (c.isWriteThrough() && c.getCacheWriterFactory() == null) {
            throw option.invalid("writeThrough", "false unless a writer is declared or configured");
        }
        expiry(option, c);
        return c;
    }

    /** Read- or write-through: as declared, else on when the loader or writer is declared, else as given. */
    private static boolean through(Option option, String name, String component, boolean given) {
        if (option.has(name)) {
            return option.bool(name);
        }
        return option.has(component) || given;
    }

    private Class<?> type(Option option, String name, Class<?> given) {
        Class<?> declared;
        try {
            declared = Class.forName(option.value(name), false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw option.invalid(name, "a class on the class path");
        }
        if (given != Object.class && given != declared) {
            throw option.invalid(name, given.getName() + ", the type the code configures");
        }
        return declared;
    }

    private static <K, V> void expiry(Option option, HamokConfiguration<K, V> c) {
        boolean eternal = option.has("expiry.eternal") && option.bool("expiry.eternal");
        Duration created = option.expiry("expiry.created");
        Duration accessed = option.expiry("expiry.accessed");
        Duration modified = option.expiry("expiry.modified");
        if (eternal) {
            for (String name : List.of("expiry.created", "expiry.accessed", "expiry.modified")) {
                if (option.has(name)) {
                    throw option.invalid(name, "unset when expiry.eternal=true");
                }
            }
            c.setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf());
        } else if (created != null || accessed != null || modified != null) {
            Duration onCreation = created != null ? created : accessed != null ? accessed : modified;
            c.setExpiryPolicyFactory(FactoryBuilder.factoryOf(new DeclaredExpiryPolicy(onCreation, accessed, modified)));
        }
    }

    /** One cache's or template's options, with conversions whose errors name the owner, option and value. */
    private record Option(String owner, Map<String, String> values) {
        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name) {
            return values.get(name);
        }

        IllegalArgumentException invalid(String name, String expected) {
            return new IllegalArgumentException(owner + " option " + name + " : '" + value(name) + "' (expected: " + expected + ")");
        }

        boolean bool(String name) {
            String value = value(name).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw invalid(name, "true or false");
            }
            return Boolean.parseBoolean(value);
        }

        int integer(String name) {
            try {
                int parsed = Integer.parseInt(value(name));
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(name, "an integer >= 0, 0 for no limit");
        }

        java.time.Duration duration(String name) {
            Properties one = new Properties();
            one.setProperty(name, value(name));
            try {
                java.time.Duration parsed = GridSettings.duration(one, name, null);
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw invalid(name, "a duration such as 1500, 1500ms, 2s, 10m, 1h or PT2S");
        }

        /** A JCache expiry duration, or {@code null} when the option is unset. */
        Duration expiry(String name) {
            if (!has(name)) {
                return null;
            }
            long millis = duration(name).toMillis();
            return millis == 0 ? Duration.ZERO : new Duration(TimeUnit.MILLISECONDS, millis);
        }

        <T> ClassFactory<T> factory(String name, Class<T> expected, ClassLoader loader) {
            return ClassFactory.of(value(name), expected, loader, owner + " option " + name);
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(caches.keySet());
        return "DeclaredCaches[caches=" + names + ", templates=" + templates.keySet() + "]";
    }
}
