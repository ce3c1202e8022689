package io.github.keycloakpin2fa.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.Iterator;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The XML form of Infobip's application bodies ({@code <request><name>..</name>...}) read into the
 * same tree as JSON, and responses written as {@code <ApplicationResponse>} with {@code <item>}s for
 * lists. The parser refuses DTDs, so no external entity can be read.
 */
final class XmlBodies {

    private XmlBodies() {
    }

    static JsonNode parse(String xml) {
        try {
            Element root = builder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
            return toTree(root);
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiException(ApiError.BAD_REQUEST, "Request body is not valid XML.");
        }
    }

    private static JsonNode toTree(Element element) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        boolean hasChildren = false;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                hasChildren = true;
                node.set(e.getTagName(), toTree(e));
            }
        }
        return hasChildren ? node : JsonNodeFactory.instance.textNode(element.getTextContent().trim());
    }

    static String write(String rootName, JsonNode value) {
        StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n");
        element(xml, rootName, value, 0);
        return xml.toString();
    }

    private static void element(StringBuilder xml, String name, JsonNode value, int depth) {
        if (value == null || value.isNull()) {
            return;
        }
        String indent = "    ".repeat(depth);
        if (value.isArray()) {
            xml.append(indent).append('<').append(name).append(">\n");
            for (JsonNode item : value) {
                element(xml, "item", item, depth + 1);
            }
            xml.append(indent).append("</").append(name).append(">\n");
        } else if (value.isObject()) {
            xml.append(indent).append('<').append(name).append(">\n");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                element(xml, field.getKey(), field.getValue(), depth + 1);
            }
            xml.append(indent).append("</").append(name).append(">\n");
        } else {
            xml.append(indent).append('<').append(name).append('>').append(escape(value.asText()))
                    .append("</").append(name).append(">\n");
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder();
    }
}
