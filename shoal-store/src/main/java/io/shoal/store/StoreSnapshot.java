package io.shoal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.api.Json;
import io.shoal.api.StoreObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The whole store at one index, as written to a Raft snapshot file. */
public record StoreSnapshot(long index, Map<String, List<StoreObject>> tables) {
    public void forEachObject(BiConsumer<Table<?>, StoreObject> action) {
        tables.forEach((name, objects) -> {
            Table<?> t = Table.byName(name);
            objects.forEach(o -> action.accept(t, o));
        });
    }

    public void writeTo(OutputStream out) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("Index", index);
        ObjectNode ts = root.putObject("Tables");
        tables.forEach((name, objects) -> ts.set(name, Json.mapper().valueToTree(objects)));
        Json.mapper().writeValue(out, root);
    }

    public static StoreSnapshot readFrom(InputStream in) throws IOException {
        JsonNode root = Json.mapper().readTree(in);
        Map<String, List<StoreObject>> tables = new LinkedHashMap<>();
        JsonNode ts = root.path("Tables");
        for (Table<?> t : Table.ALL) {
            List<StoreObject> objects = new ArrayList<>();
            for (JsonNode n : ts.path(t.name())) {
                objects.add(Json.mapper().treeToValue(n, t.type()));
            }
            tables.put(t.name(), objects);
        }
        return new StoreSnapshot(root.path("Index").asLong(), tables);
    }
}
