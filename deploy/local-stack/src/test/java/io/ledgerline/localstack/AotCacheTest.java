package io.ledgerline.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of a build's AOT cache: which start records it, which uses it, and when a training's file is kept. */
class AotCacheTest {

    @TempDir
    Path build;

    private Path jar(String name, Instant modified) throws IOException {
        Path jar = build.resolve(name);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, name);
        Files.setLastModifiedTime(jar, FileTime.from(modified));
        return jar;
    }

    private AotCache cacheOfBuild() throws IOException {
        Instant built = Instant.parse("2026-12-02T10:00:00Z");
        Path runner = jar("quarkus-run.jar", built);
        jar("lib/main/some-library.jar", built);
        jar("app/the-service.jar", built);
        return new AotCache(runner);
    }

    @Test
    void aTrainingRunRecordsAndAfterACleanStopTheNextStartUsesTheCache() throws IOException {
        AotCache aot = cacheOfBuild();
        assertThat(aot.nextStart(AotCache.Mode.USE).jvmOptions()).as("no cache yet: a plain start, never a recording")
                .isEmpty();

        AotCache.Start training = aot.nextStart(AotCache.Mode.TRAIN);
        assertThat(training.training()).isPresent();
        assertThat(training.jvmOptions()).singleElement().asString().startsWith("-XX:AOTCacheOutput=");
        assertThat(aot.current()).isFalse();

        // The JVM writes its cache as it exits; the launcher then puts it in place.
        Files.writeString(training.training().orElseThrow(), "cache");
        aot.keep(training.training().orElseThrow());

        assertThat(aot.current()).isTrue();
        AotCache.Start next = aot.nextStart(AotCache.Mode.USE);
        assertThat(next.training()).isEmpty();
        assertThat(next.jvmOptions()).containsExactly("-XX:AOTCache=" + aot.file());
        assertThat(aot.nextStart(AotCache.Mode.OFF).jvmOptions()).isEmpty();
    }

    @Test
    void twoTrainingStartsWriteFilesOfTheirOwn() throws IOException {
        AotCache aot = cacheOfBuild();
        assertThat(aot.nextStart(AotCache.Mode.TRAIN).training())
                .isNotEqualTo(aot.nextStart(AotCache.Mode.TRAIN).training());
    }

    @Test
    void aRebuildMakesTheCacheStaleSoStartsArePlainUntilTrainedAgain() throws IOException {
        AotCache aot = cacheOfBuild();
        Files.writeString(aot.file(), "cache");
        Files.setLastModifiedTime(aot.file(), FileTime.from(Instant.parse("2026-12-02T10:05:00Z")));
        assertThat(aot.current()).isTrue();

        jar("app/the-service.jar", Instant.parse("2026-12-02T11:00:00Z"));

        assertThat(aot.current()).isFalse();
        assertThat(aot.nextStart(AotCache.Mode.USE).jvmOptions()).isEmpty();
    }

    @Test
    void aTrainingThatDidNotStopCleanlyLeavesNothingBehind() throws IOException {
        AotCache aot = cacheOfBuild();
        Path training = aot.nextStart(AotCache.Mode.TRAIN).training().orElseThrow();
        Files.writeString(training, "half a cache");
        Path jvmsWorkingFile = training.resolveSibling(training.getFileName() + ".config");
        Files.writeString(jvmsWorkingFile, "");

        aot.discard(training);

        assertThat(training).doesNotExist();
        assertThat(jvmsWorkingFile).doesNotExist();
        assertThat(aot.file()).doesNotExist();
    }

    @Test
    void onlyAJdkThatCanTrainOneUsesIt() {
        assertThat(AotCache.supported(21)).isFalse();
        assertThat(AotCache.supported(25)).isTrue();
    }

    @Test
    void theSettingIsUseTrainOrOff() {
        assertThat(AotCache.Mode.of("use")).isEqualTo(AotCache.Mode.USE);
        assertThat(AotCache.Mode.of("on")).isEqualTo(AotCache.Mode.USE);
        assertThat(AotCache.Mode.of(" TRAIN ")).isEqualTo(AotCache.Mode.TRAIN);
        assertThat(AotCache.Mode.of("off")).isEqualTo(AotCache.Mode.OFF);
    }
}
