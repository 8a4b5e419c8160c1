package io.shoal.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;
import io.shoal.api.StoreObject;
import java.time.Instant;
import java.util.List;

/** One change as written to the Raft log. Deletes carry only the ID. */
public record StoreAction(Kind kind, String table, String id, JsonNode object) {
    public enum Kind { CREATE, UPDATE, DELETE }

    static StoreAction of(Kind kind, Table<?> table, String id, StoreObject object) {
        return new StoreAction(kind, table.name(), id, object == null ? null : Json.mapper().valueToTree(object));
    }

    StoreObject decode() {
        Table<?> t = Table.byName(table);
        try {
            return Json.mapper().treeToValue(object, t.type());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("corrupt store action for " + table + "/" + id, e);
        }
    }

    /** One committed transaction: its changes and the leader's clock when it was proposed. */
    public record Proposal(@JsonProperty("At") Instant at, @JsonProperty("Actions") List<StoreAction> actions) {
        @JsonCreator
        public Proposal {
            actions = List.copyOf(actions);
        }

        public byte[] encode() {
            return Json.writeBytes(this);
        }

        public static Proposal decode(byte[] bytes) {
            return Json.read(bytes, Proposal.class);
        }
    }
}
