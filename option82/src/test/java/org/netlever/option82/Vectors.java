package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Loads the JSON test vectors in {@code src/test/resources/vectors}. */
final class Vectors {

    static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    private Vectors() {
    }

    /** A decoding vector from one of the vendor files. */
    record DecodingVector(String file, String vendor, JsonNode node) {
        String name() {
            return node.path("name").asText();
        }

        RelayAgentInformation info() {
            if (node.has("option")) {
                return RelayAgentInformation.parse(hex(node.get("option").asText()));
            }
            List<SubOption> subs = new ArrayList<>();
            if (node.has("circuitId")) {
                subs.add(SubOption.of(SubOptionCode.CIRCUIT_ID, TextForm.decodeAny(node.get("circuitId").asText())));
            }
            if (node.has("remoteId")) {
                subs.add(SubOption.of(SubOptionCode.REMOTE_ID, TextForm.decodeAny(node.get("remoteId").asText())));
            }
            return RelayAgentInformation.of(subs);
        }

        @Override
        public String toString() {
            return file + ": " + name();
        }
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static JsonNode read(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
            assertThat(in).as("vector file %s", file).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every vendor file: every JSON file except the malformed and text-form ones. */
    static List<String> vendorFiles() {
        try (Stream<Path> files = Files.list(Path.of(Vectors.class.getResource("/vectors").toURI()))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.equals("malformed.json") && !n.equals("text-forms.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<DecodingVector> decodingVectors() {
        List<DecodingVector> out = new ArrayList<>();
        for (String file : vendorFiles()) {
            JsonNode root = read(file);
            for (JsonNode v : root.get("vectors")) {
                out.add(new DecodingVector(file, root.get("vendor").asText(), v));
            }
        }
        return out;
    }
}
