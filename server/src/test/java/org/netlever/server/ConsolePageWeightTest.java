package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.http.HttpEndpoint.Response;

/**
 * Issue 15 §2: the console's page weight — the page and everything it loads, as {@code serve} answers them — stays
 * under 500 KB, and every file the page names is there.
 */
class ConsolePageWeightTest {

    private static final long LIMIT = 500 * 1024;
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");
    // A module's static imports: import { a } from './core.js'; import './views.js';
    private static final Pattern IMPORT = Pattern.compile("^import (?:[^;]*? from )?'\\./([^']+)';",
            Pattern.MULTILINE);

    private final ConsoleResources resources = new ConsoleResources();

    @Test
    @DisplayName("index.html and every file it loads weigh under 500 KB together, uPlot included")
    void pageAndWhatItLoads_weighUnder500KB() {
        Response index = resources.answer(ConsoleResources.PREFIX);
        assertThat(index.status()).isEqualTo(200);
        String html = new String(index.body(), java.nio.charset.StandardCharsets.UTF_8);
        List<String> loaded = new ArrayList<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            loaded.add(m.group(1));
        }
        assertThat(loaded).contains("app.js", "app.css", "lib/uPlot.iife.min.js", "lib/uPlot.min.css");

        long total = index.body().length;
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(loaded);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (!seen.add(file)) {
                continue;
            }
            Response r = resources.answer(ConsoleResources.PREFIX + file);
            assertThat(r.status()).as(file).isEqualTo(200);
            total += r.body().length;
            if (file.endsWith(".js") && !file.startsWith("lib/")) {
                Matcher imports = IMPORT.matcher(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                while (imports.find()) {
                    todo.add(imports.group(1));
                }
            }
        }
        assertThat(seen).as("the modules app.js imports are counted too")
                .contains("core.js", "views-network.js", "views-subscriber.js");
        assertThat(total).as("bytes of the console page and what it loads").isPositive().isLessThan(LIMIT);
    }

    @Test
    @DisplayName("the application sets API values as text only: no innerHTML, outerHTML, insertAdjacentHTML or eval")
    void application_neverWritesMarkup() {
        for (String file : List.of("app.js", "core.js", "views-network.js", "views-subscriber.js")) {
            String js = new String(resources.answer(ConsoleResources.PREFIX + file).body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(js).as(file).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "eval(", "new Function");
        }
        String core = new String(resources.answer(ConsoleResources.PREFIX + "core.js").body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(core).contains("textContent");
    }
}
