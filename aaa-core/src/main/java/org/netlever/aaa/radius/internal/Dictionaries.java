package org.netlever.aaa.radius.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.aaa.radius.RadiusException;
import org.tinyradius.core.dictionary.MemoryDictionary;
import org.tinyradius.core.dictionary.WritableDictionary;
import org.tinyradius.core.dictionary.parser.ResourceParser;
import org.tinyradius.core.dictionary.parser.resolver.ResourceResolver;

/**
 * Loads tinyradius dictionaries from netlever's curated resource and users' FreeRADIUS-format files, once per list of
 * sources. Thread-safe: the loaded dictionaries are only read afterwards, so sharing them between threads is safe.
 */
public final class Dictionaries {

    /** The source name of the curated dictionary. */
    public static final String CURATED = "classpath:org/netlever/aaa/radius/dictionary";

    private static final Map<List<String>, WritableDictionary> LOADED = new ConcurrentHashMap<>();

    private Dictionaries() {
    }

    /**
     * The tinyradius dictionary for a list of sources, parsed on first use.
     *
     * @param sources {@link #CURATED} and file paths, in load order
     * @return the dictionary, shared
     * @throws RadiusException if a file cannot be read or declares something that conflicts
     */
    public static WritableDictionary load(List<String> sources) {
        return LOADED.computeIfAbsent(List.copyOf(sources), Dictionaries::parse);
    }

    private static WritableDictionary parse(List<String> sources) {
        WritableDictionary dictionary = new MemoryDictionary();
        for (String source : sources) {
            boolean classpath = source.startsWith("classpath:");
            ResourceResolver resolver = classpath ? CLASSPATH : FILES;
            String resource = classpath ? source.substring("classpath:".length()) : source;
            try {
                new ResourceParser(dictionary, resolver).parseDictionary(resource);
            } catch (IOException | RuntimeException e) {
                throw new RadiusException("cannot load RADIUS dictionary " + source + ": " + e.getMessage(), e);
            }
        }
        return dictionary;
    }

    private static final ResourceResolver CLASSPATH = new ResourceResolver() {
        @Override
        public String resolve(String current, String next) {
            int slash = current.lastIndexOf('/');
            String path = slash < 0 ? next : current.substring(0, slash + 1) + next;
            return Dictionaries.class.getClassLoader().getResource(path) != null ? path : "";
        }

        @Override
        public InputStream openStream(String resource) throws IOException {
            InputStream stream = Dictionaries.class.getClassLoader().getResourceAsStream(resource);
            if (stream == null) {
                throw new IOException("classpath resource not found: " + resource);
            }
            return stream;
        }
    };

    private static final ResourceResolver FILES = new ResourceResolver() {
        @Override
        public String resolve(String current, String next) {
            Path parent = Path.of(current).toAbsolutePath().getParent();
            Path path = Path.of(next).isAbsolute() ? Path.of(next) : parent.resolve(next);
            return Files.isRegularFile(path) ? path.toString() : "";
        }

        @Override
        public InputStream openStream(String resource) throws IOException {
            return Files.newInputStream(Path.of(resource));
        }
    };
}
