package dev.lakehouse.infra.stacks;

import dev.lakehouse.infra.config.EnvironmentConfig;
import java.util.Objects;
import software.amazon.awscdk.StackProps;

/**
 * What every stack of one environment is built from: its {@link StackProps}, the environment's
 * configuration, and the stacks built before it. The app adds each stack as it is built; a stack
 * asks for the ones it uses, and asking for one that is not built yet fails naming it.
 */
public final class PlatformProps {
  private final StackProps stackProps;
  private final EnvironmentConfig config;
  private final SecurityStack security;
  private final StorageStack storage;
  private final NetworkStack network;
  private final IngestionStack ingestion;
  private final StreamingStack streaming;
  private final ComputeStack compute;
  private final QueryStack query;
  private final OrchestrationStack orchestration;

  private PlatformProps(Builder b) {
    this.stackProps = Objects.requireNonNull(b.stackProps, "stackProps");
    this.config = Objects.requireNonNull(b.config, "config");
    this.security = b.security;
    this.storage = b.storage;
    this.network = b.network;
    this.ingestion = b.ingestion;
    this.streaming = b.streaming;
    this.compute = b.compute;
    this.query = b.query;
    this.orchestration = b.orchestration;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding everything this one does, to add a stack or change the stack props. */
  public Builder toBuilder() {
    return new Builder().stackProps(stackProps).config(config).security(security).storage(storage).network(network)
        .ingestion(ingestion).streaming(streaming).compute(compute).query(query).orchestration(orchestration);
  }

  public StackProps stackProps() {
    return stackProps;
  }

  public EnvironmentConfig config() {
    return config;
  }

  public SecurityStack security() {
    return built(security, "security");
  }

  public StorageStack storage() {
    return built(storage, "storage");
  }

  public NetworkStack network() {
    return built(network, "network");
  }

  public IngestionStack ingestion() {
    return built(ingestion, "ingestion");
  }

  public StreamingStack streaming() {
    return built(streaming, "streaming");
  }

  public ComputeStack compute() {
    return built(compute, "compute");
  }

  public QueryStack query() {
    return built(query, "query");
  }

  public OrchestrationStack orchestration() {
    return built(orchestration, "orchestration");
  }

  private static <T> T built(T stack, String name) {
    if (stack == null) {
      throw new IllegalStateException("This stack needs the " + name + " stack: build that one first and add it to PlatformProps");
    }
    return stack;
  }

  /** Fluent builder; each stack is added once it is built. */
  public static final class Builder {
    private StackProps stackProps;
    private EnvironmentConfig config;
    private SecurityStack security;
    private StorageStack storage;
    private NetworkStack network;
    private IngestionStack ingestion;
    private StreamingStack streaming;
    private ComputeStack compute;
    private QueryStack query;
    private OrchestrationStack orchestration;

    private Builder() {}

    public Builder stackProps(StackProps stackProps) {
      this.stackProps = stackProps;
      return this;
    }

    public Builder config(EnvironmentConfig config) {
      this.config = config;
      return this;
    }

    public Builder security(SecurityStack security) {
      this.security = security;
      return this;
    }

    public Builder storage(StorageStack storage) {
      this.storage = storage;
      return this;
    }

    public Builder network(NetworkStack network) {
      this.network = network;
      return this;
    }

    public Builder ingestion(IngestionStack ingestion) {
      this.ingestion = ingestion;
      return this;
    }

    public Builder streaming(StreamingStack streaming) {
      this.streaming = streaming;
      return this;
    }

    public Builder compute(ComputeStack compute) {
      this.compute = compute;
      return this;
    }

    public Builder query(QueryStack query) {
      this.query = query;
      return this;
    }

    public Builder orchestration(OrchestrationStack orchestration) {
      this.orchestration = orchestration;
      return this;
    }

    public PlatformProps build() {
      return new PlatformProps(this);
    }
  }
}
