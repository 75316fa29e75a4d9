package org.netlever.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.aaa.http.HttpEndpoint.Response;

/**
 * The web console's files, served from the jar under {@code /console/}: the application in
 * {@code org/netlever/server/console/} and uPlot from its WebJar under {@code /console/lib/}. Only names of known
 * types are served and no name may climb out ({@code ..}); every answer forbids framing and foreign scripts, so a page
 * of the console cannot be embedded or made to run code from elsewhere. The console itself holds no secret: it asks
 * for a token and sends it as {@code Authorization: Bearer} to the API, like any client.
 *
 * <p>Thread-safe.
 */
final class ConsoleResources {

    static final String PREFIX = "/console/";
    private static final String APP = "org/netlever/server/console/";
    private static final String LIB = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final String uplotVersion;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    ConsoleResources() {
        this.uplotVersion = uplotVersion();
    }

    /** The answer to a path under /console/ (or /console itself). */
    Response answer(String path) {
        if (path.equals("/console") || path.equals("/")) {
            return Response.text(302, "the console is at " + PREFIX + "\n").withHeader("Location", PREFIX);
        }
        String name = path.substring(PREFIX.length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null || name.contains("..") || name.contains("//") || name.startsWith("/") || name.contains("\\")) {
            return Response.text(404, "no console file " + path + "\n");
        }
        String resource = name.startsWith("lib/") ? LIB + uplotVersion + "/dist/" + name.substring(4) : APP + name;
        Optional<byte[]> body = cache.computeIfAbsent(resource, ConsoleResources::read);
        if (body.isEmpty()) {
            return Response.text(404, "no console file " + path + "\n");
        }
        return Response.of(200, type, body.get())
                .withHeader("Content-Security-Policy", SECURITY_POLICY)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cache-Control", "no-cache");
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = ConsoleResources.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the jar", e);
        }
    }

    private static String uplotVersion() {
        try (InputStream in = ConsoleResources.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path; the console needs it");
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uPlot WebJar's version", e);
        }
    }
}
