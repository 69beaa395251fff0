package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** deploy/k8s/kustomization.yaml: the files it applies and the documents in them. */
record Kustomization(Path dir, JsonNode file) {

    static Kustomization load() {
        Path dir = Documents.deployDir().resolve("k8s");
        return new Kustomization(dir, Documents.yaml(dir.resolve("kustomization.yaml")).getFirst());
    }

    List<Path> resources() {
        List<Path> files = new ArrayList<>();
        file.path("resources").forEach(r -> files.add(dir.resolve(r.asText()).normalize()));
        return files;
    }

    /** Every document of every resource file, in order. */
    List<JsonNode> documents() {
        List<JsonNode> documents = new ArrayList<>();
        resources().forEach(f -> documents.addAll(Documents.yaml(f)));
        return documents;
    }

    List<JsonNode> documents(String kind) {
        return documents().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }
}
