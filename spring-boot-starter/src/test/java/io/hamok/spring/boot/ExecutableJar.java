package io.hamok.spring.boot;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * Builds the test application's executable jar the way {@code spring-boot-maven-plugin} does: the
 * application's classes and resources under {@code BOOT-INF/classes}, the starter and every runtime
 * library of the test class path nested under {@code BOOT-INF/lib}, Spring Boot's launcher in front.
 */
final class ExecutableJar {
    /** Test-only libraries that the application does not need. */
    private static final List<String> TEST_ONLY = List.of("junit", "mockito", "assertj", "surefire", "xmlunit",
            "jsonassert", "json-path", "json-smart", "accessors-smart", "hamcrest", "awaitility", "embedded-redis",
            "opentest4j", "apiguardian", "byte-buddy-agent", "spring-boot-loader-tools", "spring-test",
            "spring-boot-test", "-tests.jar", "commons-compress");

    private ExecutableJar() {}

    /**
     * @param dir          where to write
     * @param mainClass    the application's main class
     * @param appPackage   the directory of the application's classes, e.g. {@code io/hamok/spring/boot/app}
     * @param resources    resources at the root of the test classes to include
     */
    static Path build(Path dir, String mainClass, String appPackage, List<String> resources) throws IOException {
        Path testClasses = null;
        Path starterClasses = null;
        List<File> libraries = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                if (path.endsWith("test-classes")) {
                    testClasses = path;
                } else {
                    starterClasses = path;
                }
            } else if (path.toString().endsWith(".jar") && TEST_ONLY.stream().noneMatch(path.getFileName().toString()::contains)) {
                libraries.add(path.toFile());
            }
        }
        if (testClasses == null || starterClasses == null) {
            throw new IllegalStateException("test class path without target/classes and target/test-classes: "
                    + System.getProperty("surefire.test.class.path"));
        }
        Path plain = dir.resolve("app-plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
            addTree(out, testClasses, testClasses.resolve(appPackage));
            for (String resource : resources) {
                addFile(out, testClasses, testClasses.resolve(resource));
            }
        }
        Path starter = dir.resolve("hamok-jcache-spring-boot-starter.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(starter))) {
            addTree(out, starterClasses, starterClasses);
        }
        libraries.add(starter.toFile());
        Path executable = dir.resolve("app.jar");
        Repackager repackager = new Repackager(plain.toFile());
        repackager.setMainClass(mainClass);
        repackager.repackage(executable.toFile(), callback -> {
            for (File library : libraries) {
                callback.library(new Library(library, LibraryScope.RUNTIME));
            }
        });
        return executable;
    }

    private static void addTree(JarOutputStream out, Path root, Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                addFile(out, root, file);
            }
        }
    }

    private static void addFile(JarOutputStream out, Path root, Path file) throws IOException {
        String name = root.relativize(file).toString().replace(File.separatorChar, '/');
        // parent directories first, as a jar tool writes them
        StringBuilder parent = new StringBuilder();
        String[] parts = name.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            parent.append(parts[i]).append('/');
            try {
                out.putNextEntry(new JarEntry(parent.toString()));
                out.closeEntry();
            } catch (java.util.zip.ZipException duplicate) {
                // written for an earlier file
            }
        }
        out.putNextEntry(new JarEntry(name));
        try (OutputStream ignored = OutputStream.nullOutputStream()) {
            Files.copy(file, out);
        }
        out.closeEntry();
    }
}
