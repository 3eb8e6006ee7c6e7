package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * How the upstream client reaches the ChatGPT backend.
 *
 * @param baseUrl the backend's base, such as {@value #DEFAULT_BASE_URL}; requests go to {@code
 *     {baseUrl}/codex/responses}
 * @param connectTimeout how long opening a connection may take; positive
 * @param idleTimeout how long a connection may carry nothing before it is closed, whether waiting
 *     for the response, in the middle of a stream or parked in the pool; positive
 * @param poolSize the most connections kept open to upstream at once; positive
 * @param codexVersion the Codex version announced for clients that are not Codex
 */
public record UpstreamSettings(
    URI baseUrl, Duration connectTimeout, Duration idleTimeout, int poolSize, String codexVersion) {

  /** The ChatGPT backend. */
  public static final String DEFAULT_BASE_URL = "https://chatgpt.com/backend-api";

  /** The Codex version used when none is configured (the reference's fallback; never looked up). */
  public static final String FALLBACK_CODEX_VERSION = "0.144.0";

  public UpstreamSettings {
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(codexVersion, "codexVersion");
    String scheme = baseUrl.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "baseUrl: " + baseUrl + " (expected: an absolute http or https URL)");
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("idleTimeout", idleTimeout);
    if (poolSize <= 0) {
      throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: > 0)");
    }
    if (!codexVersion.matches("[0-9A-Za-z.+-]+")) {
      throw new IllegalArgumentException(
          "codexVersion: " + codexVersion + " (expected: a version such as 0.144.0)");
    }
  }

  /** The defaults: the ChatGPT backend, 10 s to connect, 300 s idle, 256 connections. */
  public static UpstreamSettings defaults() {
    return new UpstreamSettings(
        URI.create(DEFAULT_BASE_URL),
        Duration.ofSeconds(10),
        Duration.ofSeconds(300),
        256,
        FALLBACK_CODEX_VERSION);
  }

  /** These settings with another base URL. */
  public UpstreamSettings withBaseUrl(URI baseUrl) {
    return new UpstreamSettings(baseUrl, connectTimeout, idleTimeout, poolSize, codexVersion);
  }

  /** {@code {baseUrl}/codex/responses}. */
  String responsesUrl() {
    return url("/codex/responses");
  }

  /** {@code {baseUrl}/codex/models?client_version={codexVersion}}, as Codex asks for it. */
  String modelsUrl() {
    return url("/codex/models?client_version=" + codexVersion);
  }

  /** {@code {baseUrl}/wham/usage}: an account's rate-limit windows, plan and credits. */
  String usageUrl() {
    return url("/wham/usage");
  }

  private String url(String path) {
    String base = baseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
