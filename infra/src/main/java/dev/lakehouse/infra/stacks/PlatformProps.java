package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * What every stack of one environment is built from: its {@link StackProps}, the environment's
 * configuration, and the stacks built before it. Immutable and fluent: the app adds each stack
 * with {@link #with} once it is built; a stack takes the ones it uses with {@link #get}, and
 * asking for one not built yet fails naming it.
 */
public final class PlatformProps {
  private final StackProps stackProps;
  private final EnvironmentConfig config;
  private final Map<Class<? extends Stack>, Stack> built;

  private PlatformProps(StackProps stackProps, EnvironmentConfig config, Map<Class<? extends Stack>, Stack> built) {
    this.stackProps = Objects.requireNonNull(stackProps, "stackProps");
    this.config = Objects.requireNonNull(config, "config");
    this.built = Map.copyOf(built);
  }

  public static PlatformProps of(StackProps stackProps, EnvironmentConfig config) {
    return new PlatformProps(stackProps, config, Map.of());
  }

  /** These props plus {@code stack}, for the stacks built after it. */
  public PlatformProps with(Stack stack) {
    Map<Class<? extends Stack>, Stack> more = new LinkedHashMap<>(built);
    if (more.putIfAbsent(stack.getClass(), stack) != null) {
      throw new IllegalArgumentException("A " + stack.getClass().getSimpleName() + " was already added");
    }
    return new PlatformProps(stackProps, config, more);
  }

  /** The same stacks, deployed with other stack props (e.g. the DR region's). */
  public PlatformProps withStackProps(StackProps other) {
    return new PlatformProps(other, config, built);
  }

  public StackProps stackProps() {
    return stackProps;
  }

  public EnvironmentConfig config() {
    return config;
  }

  /** What deleting a stack does to its stateful resources: keeps them where the environment protects its state. */
  public software.amazon.awscdk.RemovalPolicy stateRemoval() {
    return config.features().protectState() ? software.amazon.awscdk.RemovalPolicy.RETAIN : software.amazon.awscdk.RemovalPolicy.DESTROY;
  }

  /** A stack built before this one. */
  public <T extends Stack> T get(Class<T> type) {
    Stack stack = built.get(type);
    if (stack == null) {
      throw new IllegalStateException("This stack needs the " + type.getSimpleName() + ": build it first and add it with PlatformProps.with");
    }
    return type.cast(stack);
  }
}
