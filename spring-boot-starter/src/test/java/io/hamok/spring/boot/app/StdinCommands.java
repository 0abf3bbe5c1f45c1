package io.hamok.spring.boot.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * When the application runs as a child process of a test ({@code demo.stdin=true}): reads
 * {@code greet NAME}, {@code forget NAME} and {@code quit} from standard input and answers each on one
 * line of standard output.
 */
@Component
@ConditionalOnProperty(name = "demo.stdin", havingValue = "true")
public class StdinCommands implements CommandLineRunner {
    private final GreetingService greetings;
    private final javax.cache.CacheManager cacheManager;
    private final ConfigurableApplicationContext context;

    public StdinCommands(GreetingService greetings, javax.cache.CacheManager cacheManager, ConfigurableApplicationContext context) {
        this.greetings = greetings;
        this.cacheManager = cacheManager;
        this.context = context;
    }

    @Override
    public void run(String... args) throws Exception {
        System.out.println("ready " + cacheManager.getURI());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split(" ", 2);
            try {
                switch (words[0]) {
                    case "greet" -> System.out.println("greeted " + greetings.greet(words[1]));
                    case "forget" -> {
                        greetings.forget(words[1]);
                        System.out.println("forgot " + words[1]);
                    }
                    case "quit" -> {
                        System.out.println("bye");
                        context.close();
                        return;
                    }
                    default -> System.out.println("unknown " + line);
                }
            } catch (RuntimeException e) {
                System.out.println("failed " + e);
            }
            System.out.flush();
        }
    }
}
