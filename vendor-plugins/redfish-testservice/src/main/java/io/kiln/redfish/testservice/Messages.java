package io.kiln.redfish.testservice;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Redfish messages (DMTF's Base, TaskEvent and Update registries) and the standard error body built from them. */
final class Messages {

    static final String BASE = "Base.1.8.";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Messages() {
    }

    /** One @Message.ExtendedInfo entry. */
    static ObjectNode message(String id, String message, String severity, String resolution, String... args) {
        ObjectNode m = F.objectNode();
        m.put("@odata.type", "#Message.v1_1_1.Message");
        m.put("MessageId", id);
        m.put("Message", message);
        ArrayNode a = m.putArray("MessageArgs");
        for (String arg : args) {
            a.add(arg);
        }
        m.put("Severity", severity);
        m.put("MessageSeverity", severity);
        m.put("Resolution", resolution);
        return m;
    }

    /** The body {"error":{"code":"Base.1.8.GeneralError","message":...,"@Message.ExtendedInfo":[...]}}. */
    static ObjectNode error(ObjectNode... extendedInfo) {
        ObjectNode root = F.objectNode();
        ObjectNode e = root.putObject("error");
        e.put("code", BASE + "GeneralError");
        e.put("message", "A general error has occurred. See Resolution for information on how to resolve the error, "
                + "or @Message.ExtendedInfo if Resolution is not provided.");
        ArrayNode info = e.putArray("@Message.ExtendedInfo");
        for (ObjectNode m : extendedInfo) {
            info.add(m);
        }
        return root;
    }

    static ObjectNode resourceNotFound(String path) {
        return message(BASE + "ResourceNotFound", "The requested resource of type Resource named '" + path
                + "' was not found.", "Critical", "Provide a valid resource identifier and resubmit the request.",
                "Resource", path);
    }

    static ObjectNode noValidSession(String why) {
        return message(BASE + "NoValidSession", "There is no valid session established with the implementation. "
                + why, "Critical", "Establish a session before attempting any operations.");
    }

    static ObjectNode propertyValueNotInList(String value, String property) {
        return message(BASE + "PropertyValueNotInList", "The value '" + value + "' for the property " + property
                + " is not in the list of acceptable values.", "Warning",
                "Choose a value from the enumeration list that the implementation can support and resubmit the "
                + "request if the operation failed.", value, property);
    }

    static ObjectNode propertyValueTypeError(String value, String property) {
        return message(BASE + "PropertyValueTypeError", "The value '" + value + "' for the property " + property
                + " is of a different type than the property can accept.", "Warning",
                "Correct the value for the property in the request body and resubmit the request if the operation "
                + "failed.", value, property);
    }

    static ObjectNode propertyNotWritable(String property, String more) {
        return message(BASE + "PropertyNotWritable", "The property " + property
                + " is a read-only property and cannot be assigned a value." + more, "Warning",
                "Remove the property from the request body and resubmit the request if the operation failed.",
                property);
    }

    static ObjectNode propertyUnknown(String property) {
        return message(BASE + "PropertyUnknown", "The property " + property
                + " is not in the list of valid properties for the resource.", "Warning",
                "Remove the unknown property from the request body and resubmit the request if the operation failed.",
                property);
    }

    static ObjectNode propertyMissing(String property) {
        return message(BASE + "PropertyMissing", "The property " + property
                + " is a required property and must be included in the request.", "Warning",
                "Ensure that the property is in the request body and has a valid value and resubmit the request if "
                + "the operation failed.", property);
    }

    static ObjectNode malformedJson(String detail) {
        return message(BASE + "MalformedJSON", "The request body submitted was malformed JSON and could not be "
                + "parsed by the receiving service. " + detail, "Critical",
                "Ensure that the request body is valid JSON and resubmit the request.");
    }

    static ObjectNode actionParameterMissing(String action, String parameter) {
        return message(BASE + "ActionParameterMissing", "The action " + action + " requires the parameter "
                + parameter + " to be present in the request body.", "Critical",
                "Supply the action with the required parameter in the request body when the request is resubmitted.",
                action, parameter);
    }

    static ObjectNode actionParameterValueNotInList(String value, String parameter, String action) {
        return message(BASE + "ActionParameterValueNotInList", "The value '" + value + "' for the parameter "
                + parameter + " in the action " + action + " is not in the list of acceptable values.", "Warning",
                "Choose a value from the enumeration list that the implementation can support and resubmit the "
                + "request if the operation failed.", value, parameter, action);
    }

    static ObjectNode actionParameterValueTypeError(String value, String parameter, String action) {
        return message(BASE + "ActionParameterValueTypeError", "The value '" + value + "' for the parameter "
                + parameter + " in the action " + action + " is of a different type than the parameter can accept.",
                "Warning", "Correct the value for the parameter in the request body and resubmit the request if the "
                + "operation failed.", value, parameter, action);
    }

    static ObjectNode actionNotSupported(String action) {
        return message(BASE + "ActionNotSupported", "The action " + action + " is not supported by the resource.",
                "Critical", "The action supplied cannot be resubmitted to the implementation.  Perhaps the action "
                + "was invalid, the wrong resource was the target or the implementation documentation may be of "
                + "assistance.", action);
    }

    static ObjectNode operationNotAllowed(String what) {
        return message(BASE + "OperationNotAllowed", "The HTTP method is not allowed on this resource. " + what,
                "Critical", "None.");
    }

    static ObjectNode preconditionFailed() {
        return message(BASE + "PreconditionFailed", "The ETag supplied did not match the ETag required to change "
                + "this resource.", "Critical", "Try the operation again using the appropriate ETag.");
    }

    static ObjectNode resourceInUse(String what) {
        return message(BASE + "ResourceInUse", "The change to the requested resource failed because the resource is "
                + "in use or in transition. " + what, "Warning",
                "Remove the condition and resubmit the request if the operation failed.");
    }

    static ObjectNode serviceTemporarilyUnavailable(String seconds) {
        return message(BASE + "ServiceTemporarilyUnavailable", "The service is temporarily unavailable.  Retry in "
                + seconds + " seconds.", "Critical",
                "Wait for the indicated retry duration and retry the operation.", seconds);
    }

    static ObjectNode internalError(String detail) {
        return message(BASE + "InternalError", "The request failed due to an internal service error.  The service is "
                + "still operational. " + detail, "Critical", "Resubmit the request.  If the problem persists, "
                + "consider resetting the service.");
    }

    static ObjectNode generalError(String message) {
        return message(BASE + "GeneralError", message, "Critical", "None.");
    }

    static ObjectNode taskCompletedOk(String id) {
        return message("TaskEvent.1.0.TaskCompletedOK", "The task with Id '" + id + "' has completed.", "OK",
                "None.", id);
    }

    static ObjectNode taskAborted(String id) {
        return message("TaskEvent.1.0.TaskAborted", "The task with Id '" + id + "' has been aborted.", "Critical",
                "None.", id);
    }

    static ObjectNode transferFailed(String image, String target, String why) {
        return message("Update.1.0.TransferFailed", "Transfer of image '" + image + "' to '" + target + "' failed: "
                + why, "Critical", "Check the image URI and that the service can reach it, then retry the update.",
                image, target);
    }

    static ObjectNode updateSuccessful(String target, String image) {
        return message("Update.1.0.UpdateSuccessful", "Device '" + target + "' successfully updated with image '"
                + image + "'.", "OK", "None.", target, image);
    }
}
