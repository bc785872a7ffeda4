package io.tidings.server.config;

import java.util.List;

/**
 * Soketi 1.6.1's environment variables with the option path each one writes and the default the
 * shipped code really uses (taken from the code, not the docs, where the two disagree), plus the
 * variables Tidings adds in the same style. The list is the interface users already know: one entry
 * per variable, nothing else.
 */
final class SoketiVariables {

  /** Which part of Soketi a variable belongs to; everything but {@code CORE} and {@code TIDINGS} is absent here. */
  enum Feature {
    CORE(null),
    TIDINGS(null),
    REDIS("the Redis adapter and Redis connections"),
    NATS("the NATS adapter"),
    UDP_CLUSTER("the UDP cluster adapter"),
    MYSQL("the MySQL app manager"),
    DYNAMODB("the DynamoDB app manager"),
    REDIS_QUEUE("the Redis webhook queue"),
    SQS("the SQS webhook queue"),
    REDIS_CACHE("the Redis cache"),
    REDIS_RATE_LIMITER("the Redis rate limiter");

    /** What Tidings lacks, in words for the start-up report; null when Tidings has it. */
    final String missing;

    Feature(String missing) {
      this.missing = missing;
    }
  }

  /**
   * One variable.
   *
   * @param name        environment variable name
   * @param path        Soketi option path (dot-separated) it writes
   * @param defaultJson the default, as JSON text
   * @param feature     which part of Soketi it configures
   */
  record Variable(String name, String path, String defaultJson, Feature feature) {}

  /** Soketi's 115 variables, in the order of its CLI. */
  static final List<Variable> SOKETI = List.of(
      v("SOKETI_ADAPTER_DRIVER", "adapter.driver", "\"local\"", Feature.CORE),
      v("SOKETI_ADAPTER_CLUSTER_REQUESTS_TIMEOUT", "adapter.cluster.requestsTimeout", "5000", Feature.UDP_CLUSTER),
      v("SOKETI_ADAPTER_REDIS_PREFIX", "adapter.redis.prefix", "\"\"", Feature.REDIS),
      v("SOKETI_ADAPTER_REDIS_CLUSTER_MODE", "adapter.redis.clusterMode", "false", Feature.REDIS),
      v("SOKETI_ADAPTER_REDIS_REQUESTS_TIMEOUT", "adapter.redis.requestsTimeout", "5000", Feature.REDIS),
      v("SOKETI_ADAPTER_REDIS_SUB_OPTIONS", "adapter.redis.redisSubOptions", "{}", Feature.REDIS),
      v("SOKETI_ADAPTER_REDIS_PUB_OPTIONS", "adapter.redis.redisPubOptions", "{}", Feature.REDIS),
      v("SOKETI_ADAPTER_NATS_PREFIX", "adapter.nats.prefix", "\"\"", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_SERVERS", "adapter.nats.servers", "[\"127.0.0.1:4222\"]", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_USER", "adapter.nats.user", "null", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_PASSWORD", "adapter.nats.pass", "null", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_TOKEN", "adapter.nats.token", "null", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_TIMEOUT", "adapter.nats.timeout", "10000", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_REQUESTS_TIMEOUT", "adapter.nats.requestsTimeout", "5000", Feature.NATS),
      v("SOKETI_ADAPTER_NATS_NODES_NUMBER", "adapter.nats.nodesNumber", "null", Feature.NATS),
      v("SOKETI_APP_MANAGER_DRIVER", "appManager.driver", "\"array\"", Feature.CORE),
      v("SOKETI_APP_MANAGER_CACHE_ENABLED", "appManager.cache.enabled", "false", Feature.CORE),
      v("SOKETI_APP_MANAGER_CACHE_TTL", "appManager.cache.ttl", "-1", Feature.CORE),
      v("SOKETI_APP_MANAGER_DYNAMODB_TABLE", "appManager.dynamodb.table", "\"apps\"", Feature.DYNAMODB),
      v("SOKETI_APP_MANAGER_DYNAMODB_REGION", "appManager.dynamodb.region", "\"us-east-1\"", Feature.DYNAMODB),
      v("SOKETI_APP_MANAGER_DYNAMODB_ENDPOINT", "appManager.dynamodb.endpoint", "null", Feature.DYNAMODB),
      v("SOKETI_APP_MANAGER_MYSQL_TABLE", "appManager.mysql.table", "\"apps\"", Feature.MYSQL),
      v("SOKETI_APP_MANAGER_MYSQL_VERSION", "appManager.mysql.version", "\"8.0\"", Feature.MYSQL),
      v("SOKETI_APP_MANAGER_POSTGRES_TABLE", "appManager.postgres.table", "\"apps\"", Feature.CORE),
      v("SOKETI_APP_MANAGER_POSTGRES_VERSION", "appManager.postgres.version", "\"13.3\"", Feature.CORE),
      v("SOKETI_APP_MANAGER_MYSQL_USE_V2", "appManager.mysql.useMysql2", "false", Feature.MYSQL),
      v("SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH", "channelLimits.maxNameLength", "200", Feature.CORE),
      v("SOKETI_CHANNEL_CACHE_TTL", "channelLimits.cacheTtl", "3600", Feature.CORE),
      v("SOKETI_CACHE_DRIVER", "cache.driver", "\"memory\"", Feature.CORE),
      v("SOKETI_CACHE_REDIS_CLUSTER_MODE", "cache.redis.clusterMode", "false", Feature.REDIS_CACHE),
      v("SOKETI_CACHE_REDIS_OPTIONS", "cache.redis.redisOptions", "{}", Feature.REDIS_CACHE),
      v("SOKETI_CLUSTER_CHECK_INTERVAL", "cluster.checkInterval", "500", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_HOST", "cluster.hostname", "\"0.0.0.0\"", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_IGNORE_PROCESS", "cluster.ignoreProcess", "true", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_BROADCAST_ADDRESS", "cluster.broadcast", "\"255.255.255.255\"", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_KEEPALIVE_INTERVAL", "cluster.helloInterval", "500", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_MASTER_TIMEOUT", "cluster.masterTimeout", "2000", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_MULTICAST_ADDRESS", "cluster.multicast", "null", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_NODE_TIMEOUT", "cluster.nodeTimeout", "2000", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_PORT", "cluster.port", "11002", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_PREFIX", "cluster.prefix", "\"\"", Feature.UDP_CLUSTER),
      v("SOKETI_CLUSTER_UNICAST_ADDRESSES", "cluster.unicast", "null", Feature.UDP_CLUSTER),
      v("SOKETI_DEBUG", "debug", "false", Feature.CORE),
      v("SOKETI_DEFAULT_APP_ID", "appManager.array.apps.0.id", "\"app-id\"", Feature.CORE),
      v("SOKETI_DEFAULT_APP_KEY", "appManager.array.apps.0.key", "\"app-key\"", Feature.CORE),
      v("SOKETI_DEFAULT_APP_SECRET", "appManager.array.apps.0.secret", "\"app-secret\"", Feature.CORE),
      v("SOKETI_DEFAULT_APP_MAX_CONNS", "appManager.array.apps.0.maxConnections", "-1", Feature.CORE),
      v("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "appManager.array.apps.0.enableClientMessages", "false", Feature.CORE),
      v("SOKETI_DEFAULT_APP_ENABLED", "appManager.array.apps.0.enabled", "true", Feature.CORE),
      v("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "appManager.array.apps.0.maxBackendEventsPerSecond", "-1", Feature.CORE),
      v("SOKETI_DEFAULT_APP_MAX_CLIENT_EVENTS_PER_SEC", "appManager.array.apps.0.maxClientEventsPerSecond", "-1", Feature.CORE),
      v("SOKETI_DEFAULT_APP_MAX_READ_REQ_PER_SEC", "appManager.array.apps.0.maxReadRequestsPerSecond", "-1", Feature.CORE),
      v("SOKETI_DEFAULT_APP_USER_AUTHENTICATION", "appManager.array.apps.0.enableUserAuthentication", "null", Feature.CORE),
      v("SOKETI_DEFAULT_APP_WEBHOOKS", "appManager.array.apps.0.webhooks", "[]", Feature.CORE),
      v("SOKETI_DB_POOLING_ENABLED", "databasePooling.enabled", "false", Feature.CORE),
      v("SOKETI_DB_POOLING_MIN", "databasePooling.min", "0", Feature.CORE),
      v("SOKETI_DB_POOLING_MAX", "databasePooling.max", "7", Feature.CORE),
      v("SOKETI_DB_MYSQL_HOST", "database.mysql.host", "\"127.0.0.1\"", Feature.MYSQL),
      v("SOKETI_DB_MYSQL_PORT", "database.mysql.port", "3306", Feature.MYSQL),
      v("SOKETI_DB_MYSQL_USERNAME", "database.mysql.user", "\"root\"", Feature.MYSQL),
      v("SOKETI_DB_MYSQL_PASSWORD", "database.mysql.password", "\"password\"", Feature.MYSQL),
      v("SOKETI_DB_MYSQL_DATABASE", "database.mysql.database", "\"main\"", Feature.MYSQL),
      v("SOKETI_DB_POSTGRES_HOST", "database.postgres.host", "\"127.0.0.1\"", Feature.CORE),
      v("SOKETI_DB_POSTGRES_PORT", "database.postgres.port", "5432", Feature.CORE),
      v("SOKETI_DB_POSTGRES_USERNAME", "database.postgres.user", "\"postgres\"", Feature.CORE),
      v("SOKETI_DB_POSTGRES_PASSWORD", "database.postgres.password", "\"password\"", Feature.CORE),
      v("SOKETI_DB_POSTGRES_DATABASE", "database.postgres.database", "\"main\"", Feature.CORE),
      v("SOKETI_DB_REDIS_HOST", "database.redis.host", "\"127.0.0.1\"", Feature.REDIS),
      v("SOKETI_DB_REDIS_PORT", "database.redis.port", "6379", Feature.REDIS),
      v("SOKETI_DB_REDIS_DB", "database.redis.db", "0", Feature.REDIS),
      v("SOKETI_DB_REDIS_USERNAME", "database.redis.username", "null", Feature.REDIS),
      v("SOKETI_DB_REDIS_PASSWORD", "database.redis.password", "null", Feature.REDIS),
      v("SOKETI_DB_REDIS_KEY_PREFIX", "database.redis.keyPrefix", "\"\"", Feature.REDIS),
      v("SOKETI_DB_REDIS_SENTINELS", "database.redis.sentinels", "null", Feature.REDIS),
      v("SOKETI_DB_REDIS_SENTINEL_PASSWORD", "database.redis.sentinelPassword", "null", Feature.REDIS),
      v("SOKETI_DB_REDIS_CLUSTER_NODES", "database.redis.clusterNodes", "[]", Feature.REDIS),
      v("SOKETI_DB_REDIS_INSTANCE_NAME", "database.redis.name", "\"mymaster\"", Feature.REDIS),
      v("SOKETI_EVENT_MAX_BATCH_SIZE", "eventLimits.maxBatchSize", "10", Feature.CORE),
      v("SOKETI_EVENT_MAX_CHANNELS_AT_ONCE", "eventLimits.maxChannelsAtOnce", "100", Feature.CORE),
      v("SOKETI_EVENT_MAX_NAME_LENGTH", "eventLimits.maxNameLength", "200", Feature.CORE),
      v("SOKETI_EVENT_MAX_SIZE_IN_KB", "eventLimits.maxPayloadInKb", "100", Feature.CORE),
      v("SOKETI_HOST", "host", "\"0.0.0.0\"", Feature.CORE),
      v("SOKETI_HTTP_ACCEPT_TRAFFIC_MEMORY_THRESHOLD", "httpApi.acceptTraffic.memoryThreshold", "85", Feature.CORE),
      v("SOKETI_METRICS_ENABLED", "metrics.enabled", "false", Feature.CORE),
      v("SOKETI_METRICS_DRIVER", "metrics.driver", "\"prometheus\"", Feature.CORE),
      v("SOKETI_METRICS_HOST", "metrics.host", "\"0.0.0.0\"", Feature.CORE),
      v("SOKETI_METRICS_PROMETHEUS_PREFIX", "metrics.prometheus.prefix", "\"soketi_\"", Feature.CORE),
      v("SOKETI_METRICS_SERVER_PORT", "metrics.port", "9601", Feature.CORE),
      v("SOKETI_MODE", "mode", "\"full\"", Feature.CORE),
      v("SOKETI_PORT", "port", "6001", Feature.CORE),
      v("SOKETI_PATH_PREFIX", "pathPrefix", "\"\"", Feature.CORE),
      v("SOKETI_PRESENCE_MAX_MEMBER_SIZE", "presence.maxMemberSizeInKb", "2", Feature.CORE),
      v("SOKETI_PRESENCE_MAX_MEMBERS", "presence.maxMembersPerChannel", "100", Feature.CORE),
      v("SOKETI_QUEUE_DRIVER", "queue.driver", "\"sync\"", Feature.CORE),
      v("SOKETI_QUEUE_REDIS_CONCURRENCY", "queue.redis.concurrency", "1", Feature.REDIS_QUEUE),
      v("SOKETI_QUEUE_REDIS_OPTIONS", "queue.redis.redisOptions", "{}", Feature.REDIS_QUEUE),
      v("SOKETI_QUEUE_REDIS_CLUSTER_MODE", "queue.redis.clusterMode", "false", Feature.REDIS_QUEUE),
      v("SOKETI_QUEUE_SQS_REGION", "queue.sqs.region", "\"us-east-1\"", Feature.SQS),
      v("SOKETI_QUEUE_SQS_CLIENT_OPTIONS", "queue.sqs.clientOptions", "{}", Feature.SQS),
      v("SOKETI_QUEUE_SQS_URL", "queue.sqs.queueUrl", "\"\"", Feature.SQS),
      v("SOKETI_QUEUE_SQS_ENDPOINT", "queue.sqs.endpoint", "null", Feature.SQS),
      v("SOKETI_QUEUE_SQS_PROCESS_BATCH", "queue.sqs.processBatch", "false", Feature.SQS),
      v("SOKETI_QUEUE_SQS_BATCH_SIZE", "queue.sqs.batchSize", "1", Feature.SQS),
      v("SOKETI_QUEUE_SQS_POLLING_WAIT_TIME_MS", "queue.sqs.pollingWaitTimeMs", "0", Feature.SQS),
      v("SOKETI_RATE_LIMITER_DRIVER", "rateLimiter.driver", "\"local\"", Feature.CORE),
      v("SOKETI_RATE_LIMITER_REDIS_OPTIONS", "rateLimiter.redis.redisOptions", "{}", Feature.REDIS_RATE_LIMITER),
      v("SOKETI_RATE_LIMITER_REDIS_CLUSTER_MODE", "rateLimiter.redis.clusterMode", "false", Feature.REDIS_RATE_LIMITER),
      v("SOKETI_SHUTDOWN_GRACE_PERIOD", "shutdownGracePeriod", "3000", Feature.CORE),
      v("SOKETI_SSL_CERT", "ssl.certPath", "\"\"", Feature.CORE),
      v("SOKETI_SSL_KEY", "ssl.keyPath", "\"\"", Feature.CORE),
      v("SOKETI_SSL_PASS", "ssl.passphrase", "\"\"", Feature.CORE),
      v("SOKETI_SSL_CA", "ssl.caPath", "\"\"", Feature.CORE),
      v("SOKETI_USER_AUTHENTICATION_TIMEOUT", "userAuthenticationTimeout", "30000", Feature.CORE),
      v("SOKETI_WEBHOOKS_BATCHING", "webhooks.batching.enabled", "false", Feature.CORE),
      v("SOKETI_WEBHOOKS_BATCHING_DURATION", "webhooks.batching.duration", "50", Feature.CORE));

  /** Variables Tidings adds, named in Soketi's style. */
  static final List<Variable> TIDINGS = List.of(
      t("SOKETI_ADAPTER_POSTGRES_PREFIX", "adapter.postgres.prefix", "\"socket.io\""),
      t("SOKETI_ADAPTER_POSTGRES_TABLE", "adapter.postgres.table", "\"socket_io_attachments\""),
      t("SOKETI_ADAPTER_POSTGRES_PAYLOAD_THRESHOLD", "adapter.postgres.payloadThreshold", "8000"),
      t("SOKETI_ADAPTER_POSTGRES_HEARTBEAT_INTERVAL", "adapter.postgres.heartbeatInterval", "5000"),
      t("SOKETI_ADAPTER_POSTGRES_HEARTBEAT_TIMEOUT", "adapter.postgres.heartbeatTimeout", "10000"),
      t("SOKETI_ADAPTER_POSTGRES_CLEANUP_INTERVAL", "adapter.postgres.cleanupInterval", "30000"),
      t("SOKETI_ADAPTER_POSTGRES_REQUESTS_TIMEOUT", "adapter.postgres.requestsTimeout", "5000"),
      t("SOKETI_ADAPTER_POSTGRES_REPLAY_WINDOW", "adapter.postgres.replayWindow", "30000"),
      t("SOKETI_ADAPTER_POSTGRES_REPLAY_MAX_KB", "adapter.postgres.replayMaxKb", "32768"),
      t("SOKETI_ADAPTER_POSTGRES_OUTGOING_QUEUE_LIMIT", "adapter.postgres.outgoingQueueLimit", "100000"),
      t("SOKETI_ADAPTER_POSTGRES_DELIVERY_QUEUE_LIMIT", "adapter.postgres.deliveryQueueLimit", "100000"),
      t("SOKETI_APP_MANAGER_NEGATIVE_CACHE_TTL", "appManager.cache.negativeTtl", "5"),
      t("SOKETI_HTTP_MAX_REQUEST_SIZE", "httpApi.requestLimitInMb", "100"),
      t("SOKETI_HTTP_REQUEST_TIMEOUT", "httpApi.requestTimeout", "30000"),
      t("SOKETI_HTTP_AUTH_TIMESTAMP_WINDOW", "httpApi.authTimestampWindow", "0"),
      t("SOKETI_COMPAT_HTTP_200_ERRORS", "compat.http200Errors", "false"),
      t("SOKETI_WS_MAX_MESSAGE_SIZE_IN_KB", "websocket.maxMessageSizeInKb", "1024"),
      t("SOKETI_WS_MAX_BUFFERED_KB", "websocket.maxBufferedKb", "1024"),
      t("SOKETI_WS_IDLE_TIMEOUT", "websocket.idleTimeout", "120"),
      t("SOKETI_EVENT_LOOP_THREADS", "server.eventLoopThreads", "0"),
      t("SOKETI_WEBHOOKS_QUEUE_SIZE", "webhooks.queueSize", "10000"),
      t("SOKETI_WEBHOOKS_CONCURRENCY", "webhooks.concurrency", "16"),
      t("SOKETI_WEBHOOKS_MAX_ATTEMPTS", "webhooks.maxAttempts", "6"),
      t("SOKETI_WEBHOOKS_TIMEOUT", "webhooks.timeout", "10000"),
      t("SOKETI_ADMIN_UI_ENABLED", "adminUi.enabled", "false"),
      t("SOKETI_ADMIN_UI_PATH", "adminUi.path", "\"/admin-ui/\""),
      t("SOKETI_ADMIN_UI_SOCKETIO_PATH", "adminUi.socketIoPath", "\"/socket.io/\""),
      t("SOKETI_ADMIN_UI_NAMESPACE", "adminUi.namespaceName", "\"/admin\""),
      t("SOKETI_ADMIN_UI_USERNAME", "adminUi.username", "\"admin\""),
      t("SOKETI_ADMIN_UI_PASSWORD_HASH", "adminUi.passwordHash", "\"\""),
      t("SOKETI_ADMIN_UI_READONLY", "adminUi.readonly", "false"),
      t("SOKETI_ADMIN_UI_MODE", "adminUi.mode", "\"development\""),
      t("SOKETI_ADMIN_UI_SERVER_ID", "adminUi.serverId", "\"\""));

  /**
   * Names that appear in Soketi's documentation but that Soketi's code never reads; a user who set one
   * gets told which name to use instead (Tidings reads what Soketi reads).
   */
  static final java.util.Map<String, String> DOCUMENTED_BUT_UNREAD = java.util.Map.of(
      "SOKETI_CHANNEL_MAX_NAME_LENGTH", "SOKETI_CHANNEL_LIMITS_MAX_NAME_LENGTH");

  private SoketiVariables() {}

  private static Variable v(String name, String path, String defaultJson, Feature feature) {
    return new Variable(name, path, defaultJson, feature);
  }

  private static Variable t(String name, String path, String defaultJson) {
    return new Variable(name, path, defaultJson, Feature.TIDINGS);
  }
}
