package io.codexlb.adapter.http.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The options of a chat request other than its messages: {@code tools}, {@code tool_choice}, {@code
 * parallel_tool_calls}, {@code response_format}, {@code reasoning_effort}, {@code prompt_cache_key}
 * and {@code service_tier}. What is not listed here is dropped.
 */
final class ChatOptions {

  private ChatOptions() {}

  /** Sets on {@code responses} what {@code chat} asks for. */
  static void translate(JsonNode chat, ObjectNode responses) throws Rejection {
    JsonNode tools = chat.path("tools");
    if (present(tools)) {
      responses.set("tools", tools(tools));
    }
    JsonNode toolChoice = chat.path("tool_choice");
    if (present(toolChoice)) {
      responses.set("tool_choice", toolChoice(toolChoice));
    }
    copy(chat, responses, "parallel_tool_calls");
    copy(chat, responses, "prompt_cache_key");
    copy(chat, responses, "service_tier");
    JsonNode format = chat.path("response_format");
    if (present(format)) {
      responses.putObject("text").set("format", format(format));
    }
    JsonNode effort = chat.path("reasoning_effort");
    if (present(effort)) {
      if (!effort.isTextual()) {
        throw Rejection.of(
            "reasoning_effort", ChatMessages.describe(effort), "minimal, low, medium or high");
      }
      responses.putObject("reasoning").put("effort", effort.asText());
    }
  }

  private static boolean present(JsonNode value) {
    return !value.isMissingNode() && !value.isNull();
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.path(field);
    if (present(value)) {
      to.set(field, value);
    }
  }

  private static ArrayNode tools(JsonNode tools) throws Rejection {
    if (!tools.isArray()) {
      throw Rejection.of("tools", ChatMessages.describe(tools), "an array of tools");
    }
    ArrayNode flat = ChatJson.MAPPER.createArrayNode();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String type = tool.path("type").asText("");
      if ("function".equals(type)) {
        flat.add(function(tool.path("function"), "tools[" + i + "].function"));
      } else if ("web_search_preview".equals(type) || "web_search".equals(type)) {
        flat.addObject().put("type", "web_search");
      } else {
        throw Rejection.of(
            "tools[" + i + "].type",
            ChatMessages.describe(tool.path("type")),
            "function or web_search_preview");
      }
    }
    return flat;
  }

  /** {@code {type:function,function:{name,...}}} flattened to {@code {type:function,name,...}}. */
  private static ObjectNode function(JsonNode function, String name) throws Rejection {
    if (!function.path("name").isTextual()) {
      throw Rejection.of(name + ".name", ChatMessages.describe(function.path("name")), "a string");
    }
    ObjectNode tool = ChatJson.object().put("type", "function");
    tool.set("name", function.get("name"));
    for (String field : new String[] {"description", "parameters", "strict"}) {
      copy(function, tool, field);
    }
    return tool;
  }

  private static JsonNode toolChoice(JsonNode choice) throws Rejection {
    if (choice.isTextual()) {
      return choice;
    }
    JsonNode name = choice.path("function").path("name");
    if ("function".equals(choice.path("type").asText()) && name.isTextual()) {
      return ChatJson.object().put("type", "function").put("name", name.asText());
    }
    throw Rejection.of(
        "tool_choice",
        ChatMessages.describe(choice),
        "none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
  }

  private static ObjectNode format(JsonNode format) throws Rejection {
    String type = format.path("type").asText("");
    switch (type) {
      case "text", "json_object" -> {
        return ChatJson.object().put("type", type);
      }
      case "json_schema" -> {
        JsonNode schema = format.path("json_schema");
        if (!schema.path("name").isTextual() || !schema.path("schema").isObject()) {
          throw Rejection.of(
              "response_format.json_schema",
              ChatMessages.describe(schema),
              "an object with a name and a schema");
        }
        ObjectNode text = ChatJson.object().put("type", "json_schema");
        for (String field : new String[] {"name", "description", "schema", "strict"}) {
          copy(schema, text, field);
        }
        return text;
      }
      default ->
          throw Rejection.of(
              "response_format.type",
              ChatMessages.describe(format.path("type")),
              "text, json_object or json_schema");
    }
  }
}
