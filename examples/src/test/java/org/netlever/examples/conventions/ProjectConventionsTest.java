package org.netlever.examples.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the codebase, checked over every module's sources so they cannot erode: a package-info per package,
 * Javadoc saying whether each public type is thread-safe, no module reaching into another's {@code internal}
 * package, an Automatic-Module-Name per jar, and a BOM that lists every published module.
 */
class ProjectConventionsTest {

    /** Module folder to the package every class in it lives under. */
    private static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("option82", "org.netlever.option82");
        MODULES.put("device-spi", "org.netlever.device");
        MODULES.put("aaa-core", "org.netlever.aaa");
        MODULES.put("pcrf-engine", "org.netlever.pcrf");
        MODULES.put("server", "org.netlever.server");
        MODULES.put("examples", "org.netlever.examples");
        MODULES.put("examples/custom-device-manager", "org.netlever.examples.custom");
        MODULES.put("benchmarks", "org.netlever.benchmarks");
    }

    /** Published library modules: what the BOM must list. */
    private static final List<String> PUBLISHED = List.of("netlever-option82", "netlever-device-spi",
            "netlever-aaa-core", "netlever-pcrf-engine", "netlever-server");

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^[ \\t]*public\\s+(?:(?:final|abstract|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(?:class|interface|record|enum|@interface)\\s+(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(org\\.netlever\\.[\\w.]+);");

    private static Path root;

    @BeforeAll
    static void findRepository() {
        root = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("pom.xml")).isRegularFile();
    }

    private static List<Path> javaFiles(String module, String sourceSet) {
        Path dir = root.resolve(module).resolve("src").resolve(sourceSet).resolve("java");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyMainPackage_hasPackageInfo() {
        List<String> missing = new ArrayList<>();
        for (String module : MODULES.keySet()) {
            TreeSet<Path> packages = new TreeSet<>();
            javaFiles(module, "main").forEach(f -> packages.add(f.getParent()));
            for (Path pkg : packages) {
                if (!Files.exists(pkg.resolve("package-info.java"))) {
                    missing.add(root.relativize(pkg).toString());
                }
            }
        }
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    @Test
    void everyPublicType_saysWhetherItIsThreadSafe() {
        List<String> undocumented = new ArrayList<>();
        for (String module : MODULES.keySet()) {
            for (Path file : javaFiles(module, "main")) {
                if (file.getFileName().toString().equals("package-info.java")) {
                    continue;
                }
                String source = read(file);
                Matcher m = PUBLIC_TYPE.matcher(source);
                while (m.find()) {
                    String javadoc = javadocBefore(source, m.start());
                    if (!javadoc.toLowerCase().contains("thread-safe")) {
                        undocumented.add(root.relativize(file) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(undocumented).as("public types whose Javadoc does not say whether they are thread-safe")
                .isEmpty();
    }

    /** The Javadoc comment right before {@code declaration}, skipping annotations; empty if there is none. */
    private static String javadocBefore(String source, int declaration) {
        String before = source.substring(0, declaration).stripTrailing();
        while (before.endsWith(")") || before.matches("(?s).*@\\w+$")) {
            int at = before.lastIndexOf('@');
            if (at < 0) {
                break;
            }
            before = before.substring(0, at).stripTrailing();
        }
        if (!before.endsWith("*/")) {
            return "";
        }
        int start = before.lastIndexOf("/**");
        return start < 0 ? "" : before.substring(start);
    }

    @Test
    void noModule_importsAnotherModulesInternals() {
        assertThat(owner("org.netlever.aaa.lease.internal.LeaseTable")).isEqualTo("aaa-core");
        assertThat(owner("org.netlever.examples.custom.Foo")).isEqualTo("examples/custom-device-manager");
        assertThat(owner("org.netlever.server.billing.ReferenceBilling")).isEqualTo("server");
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            for (String sourceSet : List.of("main", "test")) {
                for (Path file : javaFiles(module.getKey(), sourceSet)) {
                    Matcher m = IMPORT.matcher(read(file));
                    while (m.find()) {
                        String imported = m.group(1);
                        if (imported.contains(".internal.") && !owner(imported).equals(module.getKey())) {
                            violations.add(root.relativize(file) + " imports " + imported + " of module "
                                    + owner(imported));
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** The module whose root package is the longest prefix of {@code name}. */
    private static String owner(String name) {
        String best = "";
        String bestRoot = "";
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            String rootPackage = module.getValue();
            if ((name + ".").startsWith(rootPackage + ".") && rootPackage.length() > bestRoot.length()) {
                best = module.getKey();
                bestRoot = rootPackage;
            }
        }
        return best;
    }

    @Test
    void everyClass_livesUnderItsModulesPackage() {
        List<String> misplaced = new ArrayList<>();
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            for (String sourceSet : List.of("main", "test")) {
                for (Path file : javaFiles(module.getKey(), sourceSet)) {
                    Matcher m = Pattern.compile("(?m)^package\\s+([\\w.]+);").matcher(read(file));
                    if (!m.find() || !(m.group(1) + ".").startsWith(module.getValue() + ".")) {
                        misplaced.add(root.relativize(file).toString());
                    }
                }
            }
        }
        assertThat(misplaced).isEmpty();
    }

    @Test
    void everyJarModule_declaresItsAutomaticModuleName() {
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            Path pom = root.resolve(module.getKey()).resolve("pom.xml");
            if (!Files.exists(pom)) {
                continue;
            }
            assertThat(read(pom)).as("%s sets netlever.moduleName", pom)
                    .contains("<netlever.moduleName>" + module.getValue() + "</netlever.moduleName>");
        }
        assertThat(read(root.resolve("pom.xml"))).contains("<Automatic-Module-Name>${netlever.moduleName}");
    }

    @Test
    void bom_listsEveryPublishedModuleAtTheReactorVersion() {
        String parent = read(root.resolve("pom.xml"));
        String bom = read(root.resolve("bom/pom.xml"));
        String version = between(parent, "<version>", "</version>");
        assertThat(between(bom, "<version>", "</version>")).as("BOM version").isEqualTo(version);
        for (String artifact : PUBLISHED) {
            if (Files.exists(root.resolve(artifact.substring("netlever-".length())).resolve("pom.xml"))) {
                assertThat(bom).as("BOM lists %s", artifact).contains("<artifactId>" + artifact + "</artifactId>");
            }
        }
    }

    @Test
    void everyPublishedModule_isInTheReactorAndPublishesJavadoc() {
        String parent = read(root.resolve("pom.xml"));
        for (String artifact : PUBLISHED) {
            String module = artifact.substring("netlever-".length());
            assertThat(parent).as("the reactor builds %s", module).contains("<module>" + module + "</module>");
            assertThat(read(root.resolve(module).resolve("pom.xml"))).as("%s publishes its Javadoc", module)
                    .doesNotContain("<netlever.javadoc.skip>true</netlever.javadoc.skip>");
        }
    }

    private static String between(String text, String open, String close) {
        int projectStart = text.indexOf("<artifactId>");
        int start = text.indexOf(open, projectStart) + open.length();
        return text.substring(start, text.indexOf(close, start));
    }
}
