package dev.lakehouse.infra.stacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/**
 * What one role's policies in a synthesized template allow: enough of IAM's evaluation (Allow
 * statements, '*' and '?' in actions and resources; no Deny or condition is used by the job roles)
 * to ask "may gold's role read landing/?". Resources are rendered to strings: the lake bucket's
 * imported ARN becomes {@code arn:aws:s3:::LAKE}, other imports {@code import:<export name>}.
 */
final class RoleGrants {
  static final String LAKE = "arn:aws:s3:::LAKE";

  private record Statement(List<String> actions, List<String> resources) {}

  private final List<Statement> statements = new ArrayList<>();

  /** The grants of the role named {@code roleName}: its inline and customer-managed policies. */
  @SuppressWarnings("unchecked")
  static RoleGrants of(Template t, String roleName) {
    Map<String, Map<String, Object>> roles = t.findResources("AWS::IAM::Role");
    String logicalId = roles.entrySet().stream()
        .filter(e -> roleName.equals(((Map<String, Object>) e.getValue().get("Properties")).get("RoleName")))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no role " + roleName));
    RoleGrants g = new RoleGrants();
    for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
      for (Map<String, Object> policy : t.findResources(type).values()) {
        Map<String, Object> p = (Map<String, Object>) policy.get("Properties");
        if (String.valueOf(p.get("Roles")).contains("Ref=" + logicalId + "}")) {
          for (Map<String, Object> s : (List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement")) {
            if (!"Allow".equals(s.get("Effect"))) {
              throw new AssertionError("RoleGrants evaluates Allow statements only: " + s);
            }
            g.statements.add(new Statement(strings(s.get("Action")), strings(s.get("Resource"))));
          }
        }
      }
    }
    if (g.statements.isEmpty()) {
      throw new AssertionError("no policy grants anything to " + roleName);
    }
    return g;
  }

  boolean allows(String action, String resource) {
    return statements.stream().anyMatch(s -> s.actions().stream().anyMatch(a -> glob(a).matcher(action).matches())
        && s.resources().stream().anyMatch(r -> glob(r).matcher(resource).matches()));
  }

  /** Every resource any statement names (rendered), to find a token such as the PII secret's import. */
  List<String> resources() {
    return statements.stream().flatMap(s -> s.resources().stream()).distinct().toList();
  }

  /** Every action any statement names. */
  List<String> actions() {
    return statements.stream().flatMap(s -> s.actions().stream()).distinct().toList();
  }

  private static Pattern glob(String p) {
    return Pattern.compile(java.util.Arrays.stream(p.split("(?<=[*?])|(?=[*?])"))
        .map(part -> part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part)).collect(Collectors.joining()));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object v) {
    List<Object> list = v instanceof List<?> l ? (List<Object>) l : List.of(v);
    return list.stream().map(RoleGrants::render).toList();
  }

  /** A template value as text: joins joined, the lake bucket's import as {@link #LAKE}, other imports {@code import:<name>}. */
  @SuppressWarnings("unchecked")
  static String render(Object v) {
    if (v instanceof String s) {
      return s;
    }
    Map<String, Object> m = (Map<String, Object>) v;
    if (m.containsKey("Fn::Join")) {
      List<Object> join = (List<Object>) m.get("Fn::Join");
      return ((List<Object>) join.get(1)).stream().map(RoleGrants::render).collect(Collectors.joining((String) join.get(0)));
    }
    if (m.containsKey("Fn::ImportValue")) {
      String name = String.valueOf(m.get("Fn::ImportValue"));
      return name.matches(".*GetAttLake[0-9A-F]{8}Arn.*") ? LAKE : "import:" + name;
    }
    if (m.containsKey("Ref")) {
      return "AWS::Partition".equals(m.get("Ref")) ? "aws" : "ref:" + m.get("Ref");
    }
    if (m.containsKey("Fn::GetAtt")) {
      return "getatt:" + m.get("Fn::GetAtt");
    }
    return String.valueOf(v);
  }
}
