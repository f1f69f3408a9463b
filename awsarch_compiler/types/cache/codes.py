"""The diagnostic codes of the ``cache`` type: block 15, E1501 to E1599."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 15
CODES = {
    "E1501": Code("a Memcached cache asks for an AUTH token, which Memcached does not have",
                  "use engine: valkey (or redis), or remove auth"),
    "E1502": Code("the Memcached version is older than 1.6.12 and cannot encrypt in transit",
                  "use Memcached 1.6.12 or later"),
    "E1503": Code("a Memcached cache asks for a KMS key, and Memcached has no encryption at rest",
                  "remove encryption, or use engine: valkey"),
    "E1504": Code("an alarm on memory names a Memcached cache, which does not report it", "alarm on evictions instead"),
    "E1505": Code("ElastiCache offers no such version of the engine", "use one of the versions the hint lists"),
    "E1570": Code("a Valkey/Redis setting (shards, multi_az, snapshots, data tiering) is set on a Memcached cache",
                  "use engine: valkey, or remove the setting"),
    "E1571": Code("multi_az is true and there is no replica to fail over to", "add a replica (nodes: 2, replicas_per_shard: 1)"),
    "E1572": Code("data tiering on a node type without SSDs", "use an r6gd node type, such as cache.r6gd.xlarge"),
    "E1573": Code("nodes is set on a cache in cluster mode", "set replicas_per_shard instead"),
}
