package io.patchbay.sdk.it;

import static io.patchbay.sdk.it.NestedBuild.maven;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sdk.it.NestedBuild.Result;
import io.patchbay.sdk.it.NestedBuild.Stdin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host developer's path (docs/guides/host-developer.md, "1. Dependencies"): a new host project imports
 * {@code patchbay-bom}, declares the Patchbay artifacts without versions, compiles against every host-facing API,
 * and runs an embedded runtime with the recommended logging configuration.
 */
class HostBomTest {
    @TempDir
    Path work;

    @Test
    void aHostImportingTheBomCompilesAndRunsTheRuntime() throws Exception {
        Path host = Files.createDirectories(work.resolve("acme-host/src/main/java/com/acme/host"));
        Files.writeString(work.resolve("acme-host/pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.acme</groupId>
                  <artifactId>acme-host</artifactId>
                  <version>1.0.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>io.patchbay</groupId>
                        <artifactId>patchbay-bom</artifactId>
                        <version>%s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency><groupId>io.patchbay</groupId><artifactId>patchbay-framework</artifactId></dependency>
                    <dependency><groupId>io.patchbay</groupId><artifactId>patchbay-update-policy</artifactId></dependency>
                    <dependency><groupId>io.patchbay</groupId><artifactId>patchbay-agent</artifactId></dependency>
                    <dependency><groupId>io.patchbay</groupId><artifactId>patchbay-license</artifactId></dependency>
                    <dependency><groupId>io.patchbay</groupId><artifactId>patchbay-crypto</artifactId></dependency>
                    <dependency><groupId>io.patchbay</groupId><artifactId>patchbay-tuf</artifactId></dependency>
                    <dependency><groupId>ch.qos.logback</groupId><artifactId>logback-classic</artifactId></dependency>
                  </dependencies>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(NestedBuild.VERSION));
        Files.writeString(host.resolve("Main.java"), """
                package com.acme.host;

                import io.patchbay.framework.api.Patchbay;
                import java.nio.file.Path;

                public final class Main {
                    public static void main(String[] args) {
                        // one type of each host-facing API, so the compile proves the BOM resolves them all
                        Class<?>[] apis = {io.patchbay.policy.api.UpdatePolicy.class, io.patchbay.agent.api.Agent.class,
                                io.patchbay.license.api.LicenseClient.class, io.patchbay.crypto.api.SigningKeyPair.class,
                                io.patchbay.tuf.client.TufClient.class};
                        try (Patchbay patchbay = Patchbay.builder().dataDirectory(Path.of(args[0])).start()) {
                            System.out.println("host running at level " + patchbay.patchLevel().sequence()
                                    + " with " + apis.length + " APIs");
                        }
                    }
                }
                """);
        Path project = work.resolve("acme-host");

        maven(project, Map.of(), Stdin.CLOSED, "-q", "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=classpath.txt").expectSuccess();

        String classpath = project.resolve("target/classes") + java.io.File.pathSeparator
                + NestedBuild.read(project.resolve("classpath.txt")).strip();
        for (String artifact : List.of("patchbay-framework-", "patchbay-agent-", "patchbay-license-", "logback-classic-")) {
            assertTrue(classpath.contains(artifact + NestedBuild.VERSION) || classpath.contains(artifact + "1."),
                    artifact + " resolved: " + classpath);
        }
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=io/patchbay/framework/logback-host.xml", "-cp", classpath,
                "com.acme.host.Main", work.resolve("data").toString()));
        Result run = NestedBuild.tool(project, Map.of(), java.toArray(String[]::new)).expectSuccess();
        assertTrue(run.output().contains("host running at level 0 with 5 APIs"), run.output());
        assertTrue(run.output().contains("INFO  i.p.f.impl.launch.RuntimeCore Patchbay running at level 0"),
                "the recommended configuration logs the runtime at INFO:\n"
                + run.output());
        assertFalse(run.output().contains("DEBUG"), run.output());
        assertEquals(0, run.exit());
    }
}
