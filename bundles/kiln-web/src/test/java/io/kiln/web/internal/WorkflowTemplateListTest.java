package io.kiln.web.internal;

import static io.kiln.web.internal.Calls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiln.api.inventory.Inventory;
import io.kiln.api.inventory.WorkflowStep;
import io.kiln.api.inventory.WorkflowTemplate;
import io.kiln.api.rest.ApiResponse;
import io.kiln.api.workflow.Workflows;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/workflows: the templates a run can start from, the built-in ones marked, as kiln:workflow-templates lists them. */
class WorkflowTemplateListTest {
    static final WorkflowTemplate ZTP = new WorkflowTemplate("ztp", "Kiln's zero-touch", List.of(WorkflowStep.of("wait-onboarded")));
    static final WorkflowTemplate GPU = new WorkflowTemplate("gpu-node", "GPU nodes", List.of(WorkflowStep.of("check")));

    final FakeInventory inventory = new FakeInventory();
    final EntityResource resource = new EntityResource(inventory);

    /** The workflow service's two answers: the inventory's templates over the built-in ztp, and which is built in. */
    Workflows workflows() {
        return (Workflows) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Workflows.class}, (p, m, a) -> switch (m.getName()) {
            case "templates" -> {
                List<WorkflowTemplate> out = new ArrayList<>(inventory.list(WorkflowTemplate.class).stream().map(v -> v.value()).toList());
                if (inventory.get(WorkflowTemplate.class, "ztp").isEmpty()) out.add(ZTP);
                out.sort(java.util.Comparator.comparing(WorkflowTemplate::name));
                yield out;
            }
            case "isBuiltIn" -> a[0].equals("ztp") && inventory.get(WorkflowTemplate.class, "ztp").isEmpty();
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    static JsonNode json(ApiResponse r) {
        assertEquals(200, r.status(), String.valueOf(r.body()));
        return JsonBody.MAPPER.valueToTree(r.body());
    }

    @Test
    void theBuiltInTemplatesAreListedAndMarkedAndOneReplacedByTheInventoryIsNot() {
        inventory.save(GPU, Inventory.MUST_NOT_EXIST);
        resource.workflows = workflows();
        JsonNode list = json(resource.handle(get("/workflows")));
        assertEquals(2, list.get("total").asInt(), list.toString());
        assertEquals("gpu-node false ztp true", list.get("items").get(0).get("name").asText() + " " + list.get("items").get(0).get("builtIn").asBoolean()
                + " " + list.get("items").get(1).get("name").asText() + " " + list.get("items").get(1).get("builtIn").asBoolean());
        ApiResponse ztp = resource.handle(get("/workflows/ztp"));
        assertEquals(true, json(ztp).get("builtIn").asBoolean());
        assertNull(ztp.headers().get("ETag"), "a built-in template has no version to update");

        inventory.save(new WorkflowTemplate("ztp", "our own", List.of(WorkflowStep.of("wait-onboarded"))), Inventory.MUST_NOT_EXIST);
        JsonNode own = json(resource.handle(get("/workflows/ztp")));
        assertEquals("our own", own.get("description").asText());
        assertNull(own.get("builtIn"), "the inventory's entity as it is stored, ready to PUT back");
        assertEquals(false, json(resource.handle(get("/workflows"))).get("items").get(1).get("builtIn").asBoolean());
    }

    @Test
    void withoutTheWorkflowServiceTheInventorysTemplatesAreListedAndAnUnknownOneIs404() {
        inventory.save(GPU, Inventory.MUST_NOT_EXIST);
        assertEquals(1, json(resource.handle(get("/workflows"))).get("total").asInt());
        resource.workflows = workflows();
        try {
            resource.handle(get("/workflows/nosuch"));
            throw new AssertionError("no 404");
        } catch (io.kiln.api.KilnException e) {
            assertEquals("no workflow named 'nosuch'", e.getMessage());
        }
    }
}
