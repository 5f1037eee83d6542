package dev.lakehouse.lambdas.common;

import java.util.Map;
import java.util.Optional;

/**
 * Function configuration from environment variables. Every failure names the variable, so a
 * misconfigured deployment says exactly what to fix.
 */
public final class Settings {
  private final Map<String, String> env;

  public Settings(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static Settings fromEnvironment() {
    return new Settings(System.getenv());
  }

  public String required(String key) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigurationException(key + " is required but not set");
    }
    return v.trim();
  }

  public Optional<String> optional(String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public String string(String key, String fallback) {
    return optional(key).orElse(fallback);
  }

  public long positiveLong(String key, long fallback) {
    long v = optional(key).map(s -> parseLong(key, s)).orElse(fallback);
    if (v <= 0) {
      throw new ConfigurationException(key + " must be positive, got " + v);
    }
    return v;
  }

  public long nonNegativeLong(String key, long fallback) {
    long v = optional(key).map(s -> parseLong(key, s)).orElse(fallback);
    if (v < 0) {
      throw new ConfigurationException(key + " must not be negative, got " + v);
    }
    return v;
  }

  public double fraction(String key, double fallback) {
    double v;
    try {
      v = optional(key).map(Double::parseDouble).orElse(fallback);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key + " must be a number between 0 and 1, got " + env.get(key));
    }
    if (!(v >= 0 && v <= 1)) {
      throw new ConfigurationException(key + " must be between 0 and 1, got " + v);
    }
    return v;
  }

  private static long parseLong(String key, String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key + " must be a whole number, got '" + s + "'");
    }
  }

  /** A setting is missing or malformed; the message names it. */
  public static final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
      super(message);
    }
  }
}
