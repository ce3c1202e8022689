package io.github.keycloakpin2fa.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.service.TfaError;
import io.github.keycloakpin2fa.service.TfaException;
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
import org.xml.sax.helpers.DefaultHandler;

/**
 * The XML form of Infobip's application bodies ({@code <request><name>..</name>...}) read into the
 * same tree as JSON, and responses written as {@code <ApplicationResponse>} with {@code <item>}s for
 * lists. The parser refuses DTDs, so no external entity can be read.
 */
final class XmlBodies {

    /** Infobip's bodies are three levels deep; anything much deeper is refused before it is walked. */
    static final int MAX_DEPTH = 32;
    /** The JDK parser's own element depth limit (a property of its secure processing). */
    private static final String JDK_MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private XmlBodies() {
    }

    static JsonNode parse(String xml) {
        try {
            Element root = builder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
            return toTree(root, 1);
        } catch (TfaException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            // The parser's own depth limit answers first; the stack is the last line of defence.
            throw new TfaException(TfaError.BAD_REQUEST, "Request body is not valid XML, or nested deeper than " + MAX_DEPTH + ".");
        }
    }

    private static JsonNode toTree(Element element, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TfaException(TfaError.BAD_REQUEST, "Request body is nested deeper than " + MAX_DEPTH + " elements.");
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        boolean hasChildren = false;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                hasChildren = true;
                node.set(e.getTagName(), toTree(e, depth + 1));
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
        try {
            factory.setAttribute(JDK_MAX_ELEMENT_DEPTH, Integer.toString(MAX_DEPTH + 1));
        } catch (IllegalArgumentException notTheJdkParser) {
            // Another parser on the class path: toTree's own depth check still applies.
        }
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler()); // throws on fatal errors, prints nothing to stderr
        return builder;
    }
}
