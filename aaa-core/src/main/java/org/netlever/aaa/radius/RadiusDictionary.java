package org.netlever.aaa.radius;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeDefinition.DataType;
import org.netlever.aaa.radius.internal.Dictionaries;
import org.tinyradius.core.attribute.AttributeTemplate;
import org.tinyradius.core.dictionary.WritableDictionary;

/**
 * Attribute names, data types and value names: netlever's curated dictionary — RFC 2865, 2866, 2869 and 5176
 * attributes, Cisco (vendor 9: {@code Cisco-AVPair}, {@code h323-*} 23–35 and 101–110) and Eltex (vendor 35265:
 * {@code Eltex-AVPair}, {@code Eltex-Disconnect-Code-Local}) — plus any FreeRADIUS-format files the user adds.
 *
 * <p>The curated dictionary ships as the resource {@code org/netlever/aaa/radius/dictionary} in FreeRADIUS format,
 * so FreeRADIUS tools read it as well ({@code radclient -D}). The wire codec does not need names: a dictionary is for
 * reading and writing attributes as text ({@link #parse(String, String)}, {@link #format(RadiusAttribute)}) and for
 * telling the decoder which attributes are hidden (User-Password).
 *
 * <p>Instances are immutable and thread-safe; a list of sources is parsed once and shared.
 */
public final class RadiusDictionary {

    private static final RadiusDictionary STANDARD = new RadiusDictionary(List.of(Dictionaries.CURATED));
    private static final HexFormat HEX = HexFormat.of();

    private final List<String> sources;
    private final WritableDictionary dictionary;

    private RadiusDictionary(List<String> sources) {
        this.sources = List.copyOf(sources);
        this.dictionary = Dictionaries.load(this.sources);
    }

    /**
     * netlever's curated dictionary.
     *
     * @return the shared instance
     */
    public static RadiusDictionary standard() {
        return STANDARD;
    }

    /**
     * The curated dictionary plus the user's FreeRADIUS-format files, loaded in order. A file may
     * {@code $INCLUDE} others relative to itself, and may re-declare a curated attribute only identically.
     *
     * @param files dictionary files
     * @return the dictionary
     * @throws RadiusException if a file is missing, malformed or conflicts with an earlier declaration
     */
    public static RadiusDictionary standardWith(List<Path> files) {
        List<String> sources = new ArrayList<>();
        sources.add(Dictionaries.CURATED);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new RadiusException("RADIUS dictionary file " + file + " does not exist");
            }
            sources.add(file.toAbsolutePath().normalize().toString());
        }
        return new RadiusDictionary(sources);
    }

    /**
     * Where this dictionary came from: {@code classpath:org/netlever/aaa/radius/dictionary} and absolute file paths,
     * in load order.
     *
     * @return an unmodifiable list
     */
    public List<String> sources() {
        return sources;
    }

    /**
     * The definition of an attribute by name.
     *
     * @param name e.g. {@code Acct-Session-Id}; case-sensitive, as in FreeRADIUS
     * @return the definition, or empty if the dictionary has no such name
     */
    public Optional<AttributeDefinition> definition(String name) {
        Objects.requireNonNull(name, "name");
        return dictionary.getAttributeTemplate(name).map(RadiusDictionary::toDefinition);
    }

    /**
     * The definition of an attribute type.
     *
     * @param type the type
     * @return the definition, or empty if the dictionary does not describe the type
     */
    public Optional<AttributeDefinition> definition(AttributeType type) {
        Objects.requireNonNull(type, "type");
        return dictionary.getAttributeTemplate(type.isStandard() ? -1 : type.vendorId(), type.code())
                .map(RadiusDictionary::toDefinition);
    }

    /**
     * The type of a named attribute.
     *
     * @param name the name
     * @return the type
     * @throws RadiusException if the dictionary has no such name
     */
    public AttributeType type(String name) {
        return definition(name).map(AttributeDefinition::type)
                .orElseThrow(() -> new RadiusException("the RADIUS dictionary has no attribute named '" + name + "'"));
    }

    /**
     * The name of a type: the dictionary's if it has one, otherwise {@link AttributeType#name()}.
     *
     * @param type the type
     * @return the name
     */
    public String name(AttributeType type) {
        return definition(type).map(AttributeDefinition::name).orElse(type.name());
    }

    /**
     * The name of an enumerated value, e.g. {@code Start} for Acct-Status-Type 1.
     *
     * @param type the attribute type
     * @param value the number
     * @return the name, or empty if the value has none
     */
    public Optional<String> valueName(AttributeType type, long value) {
        return template(type).map(t -> t.getEnumeration((int) value));
    }

    /**
     * The number of a named enumerated value, e.g. 1 for Acct-Status-Type {@code Start}.
     *
     * @param type the attribute type
     * @param name the value name
     * @return the number, or empty if the attribute has no such value
     */
    public OptionalLong value(AttributeType type, String name) {
        Integer number = template(type).map(t -> t.getEnumeration(name)).orElse(null);
        return number == null ? OptionalLong.empty() : OptionalLong.of(number & 0xffff_ffffL);
    }

    /**
     * Makes an attribute from its name and textual value, as FreeRADIUS tools write them: text as is, integers as
     * numbers or value names, addresses dotted, dates as ISO-8601 instants or seconds, octets as {@code 0x…} hex.
     *
     * @param name the attribute name
     * @param value the value as text
     * @return the attribute
     * @throws RadiusException if the name is unknown or the value does not fit the data type
     */
    public RadiusAttribute parse(String name, String value) {
        Objects.requireNonNull(value, "value");
        AttributeDefinition definition = definition(name)
                .orElseThrow(() -> new RadiusException("the RADIUS dictionary has no attribute named '" + name + "'"));
        AttributeType type = definition.type();
        try {
            return switch (definition.dataType()) {
                case STRING -> RadiusAttribute.ofString(type, value);
                case INTEGER -> RadiusAttribute.ofInteger(type, value(type, value).orElseGet(() -> number(value)));
                case DATE -> RadiusAttribute.ofTime(type, value.chars().allMatch(Character::isDigit)
                        ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value));
                case IPADDR -> RadiusAttribute.ofIpv4(type, Ipv4Address.parse(value));
                default -> RadiusAttribute.ofOctets(type, hex(value));
            };
        } catch (IllegalArgumentException | java.time.DateTimeException | org.netlever.aaa.AaaException e) {
            throw new RadiusFormatException(name + ": '" + value + "' is not a valid " + definition.dataType()
                    .name().toLowerCase(java.util.Locale.ROOT) + " value (" + e.getMessage() + ")");
        }
    }

    private static long number(String text) {
        return Long.parseLong(text);
    }

    private static byte[] hex(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        return HEX.parseHex(digits);
    }

    /**
     * An attribute as {@code Name = value}, the way radclient prints it: text in quotes, enumerated integers by name,
     * dates as ISO-8601 instants, addresses dotted, anything else in hex. Hidden values are never printed.
     *
     * @param attribute the attribute
     * @return one line
     */
    public String format(RadiusAttribute attribute) {
        AttributeType type = attribute.type();
        Optional<AttributeDefinition> definition = definition(type);
        String name = definition.map(AttributeDefinition::name).orElse(type.name());
        if (type.equals(AttributeType.USER_PASSWORD) || type.equals(AttributeType.MESSAGE_AUTHENTICATOR)
                || definition.map(AttributeDefinition::hidden).orElse(false)) {
            return name + " = <hidden>";
        }
        DataType dataType = definition.map(AttributeDefinition::dataType).orElse(DataType.OCTETS);
        try {
            String value = switch (dataType) {
                case STRING -> "\"" + attribute.asString() + "\"";
                case INTEGER -> valueName(type, attribute.asInteger())
                        .orElse(Long.toString(attribute.asInteger()));
                case DATE -> attribute.asTime().toString();
                case IPADDR -> attribute.asIpv4().toString();
                default -> "0x" + HEX.formatHex(attribute.value());
            };
            return name + " = " + value;
        } catch (RadiusFormatException e) {
            return name + " = 0x" + HEX.formatHex(attribute.value());
        }
    }

    /**
     * Every attribute of a packet or message, one {@link #format(RadiusAttribute)} line each.
     *
     * @param attributes the packet or message
     * @return the lines joined with newlines
     */
    public String format(AttributeView attributes) {
        StringBuilder text = new StringBuilder();
        for (RadiusAttribute attribute : attributes.attributes()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(format(attribute));
        }
        return text.toString();
    }

    private Optional<AttributeTemplate> template(AttributeType type) {
        return dictionary.getAttributeTemplate(type.isStandard() ? -1 : type.vendorId(), type.code());
    }

    private static AttributeDefinition toDefinition(AttributeTemplate template) {
        int vendor = template.getVendorId();
        AttributeType type = vendor == -1 ? AttributeType.of(template.getType())
                : AttributeType.vendor(vendor, template.getType());
        return new AttributeDefinition(template.getName(), type, DataType.of(template.getDataType()),
                template.encryptEnabled());
    }

    @Override
    public String toString() {
        return "RadiusDictionary" + sources;
    }
}
