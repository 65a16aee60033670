package io.possync.testdata;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.possync.core.crypto.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Makes a property file (FullSyncPayload shape) of a given size, deterministic for a given name: the same name
 * gives the same ids, so a regenerated file differs only where the generator changed.
 */
public final class PropertyGenerator {

  /** How much of everything. */
  public record Size(int menuItems, int modifiers, int modifierGroups, int itemGroupLinks, int employees,
                     int workstations, int bcryptCost) {

    /** A realistic single restaurant: conf/properties/harbor-grill.json. */
    public static final Size SAMPLE = new Size(168, 84, 21, 260, 24, 8, 10);
    /** The benchmark's large property. */
    public static final Size LARGE = new Size(10_000, 2_000, 500, 20_000, 500, 40, 4);
  }

  private static final String[] SLUS = {"Appetizers", "Soups & Salads", "Burgers", "Sandwiches", "Seafood",
      "Steaks & Chops", "Pasta", "Sides", "Kids", "Desserts", "Beverages", "Beer", "Wine", "Cocktails"};
  private static final String[][] ITEMS = {
      {"Crispy Calamari", "Buffalo Wings", "Spinach Artichoke Dip", "Shrimp Cocktail", "Loaded Nachos",
          "Crab Cakes", "Bruschetta", "Fried Pickles", "Steamed Mussels", "Oysters on the Half Shell",
          "Mozzarella Sticks", "Tuna Tartare"},
      {"New England Clam Chowder", "French Onion Soup", "Caesar Salad", "House Salad", "Cobb Salad",
          "Wedge Salad", "Greek Salad", "Tomato Bisque", "Kale & Quinoa Bowl", "Lobster Bisque", "Chef Salad",
          "Beet & Goat Cheese Salad"},
      {"Classic Burger", "Bacon Cheeseburger", "Mushroom Swiss Burger", "BBQ Burger", "Impossible Burger",
          "Turkey Burger", "Harbor Double", "Blue Cheese Burger", "Jalapeno Burger", "Patty Melt", "Slider Trio",
          "Lamb Burger"},
      {"Lobster Roll", "Grilled Chicken Sandwich", "Fish Tacos", "Reuben", "Club Sandwich", "French Dip",
          "Cuban", "BLT", "Philly Cheesesteak", "Po' Boy", "Caprese Panini", "Buffalo Chicken Wrap"},
      {"Fish & Chips", "Grilled Salmon", "Seared Scallops", "Shrimp Scampi", "Lobster Dinner", "Blackened Cod",
          "Seafood Platter", "Swordfish Steak", "Crab Legs", "Mahi Mahi", "Cioppino", "Tuna Steak"},
      {"Ribeye 14oz", "NY Strip 12oz", "Filet Mignon 8oz", "Pork Chop", "Lamb Chops", "Surf & Turf",
          "Prime Rib", "Porterhouse", "Skirt Steak", "Half Chicken", "BBQ Ribs", "Short Rib"},
      {"Fettuccine Alfredo", "Spaghetti & Meatballs", "Lobster Mac", "Penne Vodka", "Shrimp Linguine",
          "Chicken Parm", "Lasagna", "Pesto Gnocchi", "Carbonara", "Mushroom Risotto", "Baked Ziti",
          "Seafood Pasta"},
      {"French Fries", "Sweet Potato Fries", "Onion Rings", "Mashed Potatoes", "Baked Potato", "Coleslaw",
          "Steamed Broccoli", "Grilled Asparagus", "Mac & Cheese", "Rice Pilaf", "Side Salad", "Corn on the Cob"},
      {"Kids Burger", "Kids Chicken Tenders", "Kids Mac & Cheese", "Kids Grilled Cheese", "Kids Pasta",
          "Kids Fish Bites", "Kids Hot Dog", "Kids Pizza", "Kids Quesadilla", "Kids Sliders", "Kids Salmon",
          "Kids Sundae"},
      {"Chocolate Lava Cake", "NY Cheesecake", "Key Lime Pie", "Apple Crisp", "Creme Brulee", "Tiramisu",
          "Brownie Sundae", "Carrot Cake", "Ice Cream Scoop", "Bread Pudding", "Lemon Tart", "Affogato"},
      {"Coca-Cola", "Diet Coke", "Sprite", "Iced Tea", "Lemonade", "Coffee", "Espresso", "Cappuccino",
          "Hot Tea", "Sparkling Water", "Orange Juice", "Root Beer"},
      {"Harbor IPA", "Lager Draft", "Stout", "Pilsner", "Hazy IPA", "Amber Ale", "Light Beer Bottle",
          "Hard Cider", "Wheat Beer", "Sour Ale", "Porter", "N/A Beer"},
      {"House Cabernet", "House Chardonnay", "Pinot Noir", "Sauvignon Blanc", "Merlot", "Prosecco", "Rose",
          "Malbec", "Riesling", "Pinot Grigio", "Zinfandel", "Champagne Split"},
      {"Margarita", "Old Fashioned", "Mojito", "Espresso Martini", "Moscow Mule", "Negroni", "Cosmopolitan",
          "Manhattan", "Dark & Stormy", "Aperol Spritz", "Whiskey Sour", "Bloody Mary"}};
  private static final String[][] GROUPS = {
      {"Temperature", "Rare", "Medium Rare", "Medium", "Medium Well", "Well Done"},
      {"Choice of Side", "French Fries", "Sweet Potato Fries", "Side Salad", "Coleslaw", "Onion Rings"},
      {"Dressing", "Ranch", "Blue Cheese", "Caesar", "Balsamic", "Oil & Vinegar", "Honey Mustard"},
      {"Burger Add-ons", "Add Bacon", "Add Avocado", "Add Fried Egg", "Add Jalapenos", "Extra Patty"},
      {"Cheese", "American", "Cheddar", "Swiss", "Pepper Jack", "Provolone", "No Cheese"},
      {"Bun", "Brioche Bun", "Pretzel Bun", "Lettuce Wrap", "Gluten-Free Bun"},
      {"Salad Protein", "Add Chicken", "Add Shrimp", "Add Salmon", "Add Steak"},
      {"Spirit Upgrade", "Top Shelf", "Premium", "Double"},
      {"Ice", "Neat", "On the Rocks", "Up", "Light Ice"},
      {"Sauce on the Side", "Sauce on Side", "No Sauce", "Extra Sauce"},
      {"Allergy", "Gluten Allergy", "Nut Allergy", "Shellfish Allergy", "Dairy Allergy"},
      {"Milk", "Whole Milk", "Oat Milk", "Almond Milk", "Skim Milk"}};
  private static final String[] FIRST = {"Maria", "James", "Aisha", "Chen", "Olivia", "Diego", "Priya", "Liam",
      "Sofia", "Noah", "Fatima", "Ethan", "Hana", "Lucas", "Grace", "Mateo", "Zoe", "Omar", "Chloe", "Ivan",
      "Nora", "Kofi", "Emma", "Raj"};
  private static final String[] LAST = {"Garcia", "Smith", "Khan", "Wang", "Johnson", "Lopez", "Patel",
      "Murphy", "Rossi", "Kim", "Ali", "Brown", "Sato", "Silva", "Taylor", "Reyes", "Miller", "Haddad", "Martin",
      "Petrov", "Nguyen", "Mensah", "Davis", "Shah"};
  private static final String[] PRIVILEGES = {"void_item", "void_check", "apply_discount", "comp_item",
      "open_drawer", "no_sale", "refund", "reopen_check", "transfer_check", "price_override", "adjust_tips",
      "edit_time_card", "run_reports", "manager_override", "close_business_day", "gift_card_sell"};

  private final String name;
  private final Size size;
  private final Random random;
  private final UUID propertyId;
  private final UUID enterpriseId;

  public PropertyGenerator(String name, Size size) {
    this.name = name;
    this.size = size;
    this.random = new Random(name.hashCode());
    this.propertyId = id("property", 0);
    this.enterpriseId = UUID.nameUUIDFromBytes("enterprise:Harbor Restaurant Group".getBytes(StandardCharsets.UTF_8));
  }

  public UUID propertyId() {
    return propertyId;
  }

  /** Ids depend on the property name, the kind and the index only. */
  private UUID id(String kind, int i) {
    return UUID.nameUUIDFromBytes((name + ":" + kind + ":" + i).getBytes(StandardCharsets.UTF_8));
  }

  /** Privileges are global: the same ids in every generated property. */
  private static UUID privilegeId(String code) {
    return UUID.nameUUIDFromBytes(("privilege:" + code).getBytes(StandardCharsets.UTF_8));
  }

  private JsonObject row(String kind, int i) {
    return new JsonObject().put("id", id(kind, i).toString()).put("propertyId", propertyId.toString());
  }

  public JsonObject generate() {
    String p = propertyId.toString();
    JsonObject f = new JsonObject();
    f.put("enterprise", new JsonObject().put("id", enterpriseId.toString()).put("name", "Harbor Restaurant Group")
        .put("code", "HRG").put("currency", "USD").put("active", true));
    f.put("property", new JsonObject().put("id", p).put("enterpriseId", enterpriseId.toString()).put("name", name)
        .put("code", name.replaceAll("[^A-Za-z]", "").toUpperCase().substring(0, Math.min(6, name.length())))
        .put("address", "12 Fish Pier Rd").put("city", "Boston").put("region", "MA").put("postalCode", "02210")
        .put("country", "US").put("timezone", "America/New_York").put("currency", "USD")
        .put("businessDate", "2026-11-24").put("dayStartTime", "04:00:00").put("featureGiftCards", true)
        .put("featureLoyalty", true).put("featureScheduling", true).put("paymentProcessor", "stripe")
        .put("paymentMerchantDisplayId", "HARBOR GRILL BOSTON").put("paymentCredentialRef", "vault:stripe-main")
        .put("active", true));

    String[] rvcNames = {"Dining Room", "Bar", "Patio", "Takeout"};
    JsonArray rvcs = new JsonArray();
    for (int i = 0; i < rvcNames.length; i++) {
      boolean takeout = rvcNames[i].equals("Takeout");
      rvcs.add(row("rvc", i).put("name", rvcNames[i]).put("code", "RVC" + (i + 1))
          .put("orderTypes", takeout ? new JsonArray().add("takeout").add("delivery")
              : new JsonArray().add("dine_in").add("takeout"))
          .put("defaultOrderType", takeout ? "takeout" : "dine_in")
          .put("domMode", takeout ? "fire_on_tender" : "fire_on_next").put("taxInclusive", false)
          .put("active", true));
    }
    f.put("revenueCenters", rvcs);

    JsonArray privileges = new JsonArray();
    for (String code : PRIVILEGES) {
      privileges.add(new JsonObject().put("id", privilegeId(code).toString()).put("code", code)
          .put("name", Character.toUpperCase(code.charAt(0)) + code.substring(1).replace('_', ' '))
          .put("description", "Allows " + code.replace('_', ' ')));
    }
    f.put("privileges", privileges);

    String[][] roleDefs = {{"Server", "apply_discount,transfer_check,gift_card_sell"},
        {"Bartender", "apply_discount,transfer_check,open_drawer,no_sale"}, {"Host", ""}, {"Cook", ""},
        {"Cashier", "open_drawer,no_sale,gift_card_sell"}, {"Manager", String.join(",", PRIVILEGES)}};
    JsonArray roles = new JsonArray();
    for (int i = 0; i < roleDefs.length; i++) {
      JsonArray codes = new JsonArray();
      for (String c : roleDefs[i][1].split(",")) {
        if (!c.isEmpty()) {
          codes.add(c);
        }
      }
      roles.add(row("role", i).put("name", roleDefs[i][0]).put("privilegeCodes", codes).put("active", true));
    }
    f.put("roles", roles);

    String[][] jobDefs = {{"SRV", "Server", "0", "1525"}, {"BAR", "Bartender", "1", "1800"},
        {"HST", "Host", "2", "1650"}, {"LNC", "Line Cook", "3", "2200"}, {"DSH", "Dishwasher", "3", "1700"},
        {"CSH", "Cashier", "4", "1650"}, {"MGR", "Manager", "5", "3100"}};
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < jobDefs.length; i++) {
      jobs.add(row("job", i).put("code", jobDefs[i][0]).put("name", jobDefs[i][1])
          .put("defaultRoleId", id("role", Integer.parseInt(jobDefs[i][2])).toString())
          .put("hourlyRateCents", Long.parseLong(jobDefs[i][3])).put("active", true));
    }
    f.put("jobCodes", jobs);

    // PINs: each employee's PIN is the last four digits of the employee number (documented in the README).
    JsonArray employees = new JsonArray();
    List<String> pinHashes = new ArrayList<>();
    for (int i = 0; i < size.employees(); i++) {
      String number = String.valueOf(1001 + i);
      String pin = number.substring(number.length() - 4);
      String hash = i < 24 ? bcrypt(pin) : pinHashes.get(i % 24); // large sizes reuse the first hashes
      pinHashes.add(hash);
      int job = i == 0 ? 6 : i % 7;
      employees.add(row("employee", i).put("employeeNumber", number).put("firstName", FIRST[i % FIRST.length])
          .put("lastName", LAST[(i * 7 + i / FIRST.length) % LAST.length]).put("pinHash", hash)
          .put("roleId", id("role", Integer.parseInt(jobDefs[job][2])).toString())
          .put("jobCodeId", id("job", job).toString()).put("active", i % 23 != 22));
    }
    f.put("employees", employees);

    f.put("taxGroups", new JsonArray()
        .add(row("tax", 0).put("name", "Food").put("ratePercent", 6.25).put("active", true))
        .add(row("tax", 1).put("name", "Alcohol").put("ratePercent", 6.75).put("active", true))
        .add(row("tax", 2).put("name", "Non-taxable").put("ratePercent", 0).put("active", true)));

    String[][] pcDefs = {{"HOT", "Hot Food"}, {"COLD", "Cold Food"}, {"BAR", "Bar"}, {"DSRT", "Dessert"}};
    JsonArray printClasses = new JsonArray();
    for (int i = 0; i < pcDefs.length; i++) {
      printClasses.add(row("pc", i).put("code", pcDefs[i][0]).put("name", pcDefs[i][1]));
    }
    f.put("printClasses", printClasses);

    JsonArray slus = new JsonArray();
    for (int i = 0; i < SLUS.length; i++) {
      slus.add(row("slu", i).put("rvcId", null).put("name", SLUS[i]).put("sortOrder", i + 1)
          .put("color", String.format("#%06x", (SLUS[i].hashCode() & 0x7f7f7f) | 0x404040)).put("active", true));
    }
    f.put("slus", slus);

    JsonArray items = new JsonArray();
    for (int i = 0; i < size.menuItems(); i++) {
      int slu = i % SLUS.length;
      String[] names = ITEMS[slu];
      int round = i / SLUS.length;
      String base = names[round % names.length];
      String itemName = round < names.length ? base : base + " #" + (round / names.length + 1);
      boolean drink = slu >= 10;
      boolean alcohol = slu >= 11;
      int pc = alcohol || slu == 10 ? 2 : slu == 9 ? 3 : (slu == 1 ? 1 : 0);
      long price = drink ? 300 + random.nextInt(13) * 100L : 700 + random.nextInt(40) * 100L + 95;
      items.add(row("item", i).put("sluId", id("slu", slu).toString()).put("name", itemName)
          .put("kitchenName", itemName.length() > 14 ? itemName.substring(0, 14).toUpperCase() : itemName.toUpperCase())
          .put("plu", String.valueOf(10000 + i)).put("priceCents", price)
          .put("taxGroupId", id("tax", alcohol ? 1 : 0).toString()).put("printClassId", id("pc", pc).toString())
          .put("sortOrder", round + 1).put("active", true));
    }
    f.put("menuItems", items);

    JsonArray groups = new JsonArray();
    JsonArray modifiers = new JsonArray();
    JsonArray groupMods = new JsonArray();
    int mod = 0;
    int perGroup = Math.max(1, size.modifiers() / size.modifierGroups());
    for (int g = 0; g < size.modifierGroups(); g++) {
      String[] def = GROUPS[g % GROUPS.length];
      String gname = g < GROUPS.length ? def[0] : def[0] + " " + (g / GROUPS.length + 1);
      boolean required = def[0].equals("Temperature") || def[0].equals("Choice of Side");
      groups.add(row("group", g).put("name", gname).put("minSelect", required ? 1 : 0)
          .put("maxSelect", required ? 1 : def.length - 1).put("sortOrder", g + 1).put("active", true));
      for (int k = 0; k < perGroup && mod < size.modifiers(); k++, mod++) {
        String mname = def[1 + k % (def.length - 1)] + (k >= def.length - 1 ? " " + (k / (def.length - 1) + 1) : "");
        if (g >= GROUPS.length) {
          mname = mname + " (" + gname + ")";
        }
        long price = mname.startsWith("Add") || mname.contains("Extra") || mname.contains("Top Shelf") ? 150 + random.nextInt(4) * 50L : 0;
        modifiers.add(row("mod", mod).put("name", mname).put("kitchenName", mname.toUpperCase())
            .put("priceCents", price).put("printClassId", null).put("active", true));
        groupMods.add(row("mgm", mod).put("modifierGroupId", id("group", g).toString())
            .put("modifierId", id("mod", mod).toString()).put("sortOrder", k + 1).put("isDefault", k == 0 && required));
      }
    }
    f.put("modifierGroups", groups);
    f.put("modifiers", modifiers);
    f.put("modifierGroupModifiers", groupMods);

    JsonArray links = new JsonArray();
    int per = Math.max(1, (size.itemGroupLinks() + size.menuItems() - 1) / size.menuItems());
    int made = 0;
    for (int i = 0; i < size.menuItems() && made < size.itemGroupLinks(); i++) {
      int start = (i * 5) % size.modifierGroups();
      for (int k = 0; k < per && made < size.itemGroupLinks(); k++) {
        links.add(row("mimg", made).put("menuItemId", id("item", i).toString())
            .put("modifierGroupId", id("group", (start + k) % size.modifierGroups()).toString()).put("sortOrder", k + 1));
        made++;
      }
    }
    f.put("menuItemModifierGroups", links);

    String[][] tenders = {{"CASH", "Cash", "cash", "true", "false", "false"},
        {"CARD", "Credit Card", "credit", "false", "true", "true"}, {"DEBIT", "Debit Card", "debit", "false", "true", "true"},
        {"GIFT", "Gift Card", "gift_card", "false", "false", "false"},
        {"HOUSE", "House Account", "house_account", "false", "true", "false"}};
    JsonArray tenderRows = new JsonArray();
    for (int i = 0; i < tenders.length; i++) {
      String[] t = tenders[i];
      tenderRows.add(row("tender", i).put("code", t[0]).put("name", t[1]).put("tenderType", t[2])
          .put("opensDrawer", Boolean.parseBoolean(t[3])).put("allowsTip", Boolean.parseBoolean(t[4]))
          .put("usesProcessor", Boolean.parseBoolean(t[5])).put("active", true));
    }
    f.put("tenders", tenderRows);
    f.put("discounts", new JsonArray()
        .add(row("disc", 0).put("name", "Employee Meal").put("appliesTo", "check").put("percent", 50)
            .put("amountCents", null).put("requiredPrivilege", "apply_discount").put("active", true))
        .add(row("disc", 1).put("name", "Happy Hour $2 Off").put("appliesTo", "item").put("percent", null)
            .put("amountCents", 200).put("requiredPrivilege", null).put("active", true))
        .add(row("disc", 2).put("name", "Manager Comp").put("appliesTo", "item").put("percent", 100)
            .put("amountCents", null).put("requiredPrivilege", "comp_item").put("active", true))
        .add(row("disc", 3).put("name", "Military 10%").put("appliesTo", "check").put("percent", 10)
            .put("amountCents", null).put("requiredPrivilege", null).put("active", true)));
    f.put("serviceCharges", new JsonArray()
        .add(row("svc", 0).put("name", "Auto Gratuity 18%").put("percent", 18).put("amountCents", null)
            .put("autoApplyMinGuests", 6).put("isGratuity", true).put("taxable", false).put("taxGroupId", null)
            .put("active", true))
        .add(row("svc", 1).put("name", "Delivery Fee").put("percent", null).put("amountCents", 399)
            .put("autoApplyMinGuests", null).put("isGratuity", false).put("taxable", true)
            .put("taxGroupId", id("tax", 0).toString()).put("active", true))); // taxed as food (POS-API.md 4.4)

    // Printers listen on loopback ports so that a demo or test can stand up real ones.
    String[] printerNames = {"Receipt - Dining Room", "Receipt - Bar", "Kitchen Hot Line", "Kitchen Cold Line",
        "Bar Printer", "Expo Printer"};
    JsonArray printers = new JsonArray();
    for (int i = 0; i < printerNames.length; i++) {
      printers.add(row("printer", i).put("name", printerNames[i]).put("model", "Epson TM-T88VI")
          .put("host", "127.0.0.1").put("port", 9101 + i).put("lineWidth", 42)
          .put("backupPrinterId", i == 2 ? id("printer", 5).toString() : i == 3 ? id("printer", 2).toString() : null)
          .put("active", true));
    }
    f.put("printers", printers);
    String[][] kds = {{"Hot Line KDS", "prep"}, {"Cold Line KDS", "prep"}, {"Expo KDS", "expo"}};
    JsonArray kdsRows = new JsonArray();
    for (int i = 0; i < kds.length; i++) {
      kdsRows.add(row("kds", i).put("name", kds[i][0]).put("stationType", kds[i][1]).put("bumpTimeoutSeconds", 900)
          .put("active", true));
    }
    f.put("kdsDevices", kdsRows);
    String[] orderDevices = {"Hot Kitchen", "Cold Kitchen", "Bar", "Dessert Station"};
    JsonArray od = new JsonArray();
    for (int i = 0; i < orderDevices.length; i++) {
      od.add(row("od", i).put("name", orderDevices[i]).put("active", true));
    }
    f.put("orderDevices", od);

    JsonArray hosts = new JsonArray().add(row("host", 0).put("name", "Back Office Server")
        .put("services", new JsonArray().add("caps").add("print").add("kds").add("payment")).put("active", true));
    f.put("serviceHosts", hosts);

    JsonArray workstations = new JsonArray();
    JsonArray bindings = new JsonArray();
    String[] services = {"caps", "print", "kds", "payment"};
    for (int i = 0; i < size.workstations(); i++) {
      int rvc = i % rvcNames.length;
      workstations.add(row("ws", i).put("rvcId", id("rvc", rvc).toString())
          .put("name", rvcNames[rvc] + " " + (i / rvcNames.length + 1)).put("deviceType", i % 3 == 2 ? "tablet" : "terminal")
          .put("receiptPrinterId", id("printer", rvc == 1 ? 1 : 0).toString())
          .put("ipAddress", "127.0.0." + (10 + i % 240)).put("active", true));
      for (int s = 0; s < services.length; s++) {
        bindings.add(row("wsb", i * services.length + s).put("workstationId", id("ws", i).toString())
            .put("serviceHostId", id("host", 0).toString()).put("service", services[s]));
      }
    }
    f.put("workstations", workstations);

    JsonArray routing = new JsonArray();
    int r = 0;
    for (int rvc = 0; rvc < rvcNames.length; rvc++) {
      for (int pc = 0; pc < pcDefs.length; pc++) {
        routing.add(row("pcr", r++).put("rvcId", id("rvc", rvc).toString()).put("printClassId", id("pc", pc).toString())
            .put("orderDeviceId", id("od", pc).toString()));
      }
    }
    f.put("printClassRouting", routing);
    f.put("orderDevicePrinters", new JsonArray()
        .add(row("odp", 0).put("orderDeviceId", id("od", 0).toString()).put("printerId", id("printer", 2).toString()))
        .add(row("odp", 1).put("orderDeviceId", id("od", 1).toString()).put("printerId", id("printer", 3).toString()))
        .add(row("odp", 2).put("orderDeviceId", id("od", 2).toString()).put("printerId", id("printer", 4).toString()))
        .add(row("odp", 3).put("orderDeviceId", id("od", 3).toString()).put("printerId", id("printer", 5).toString())));
    f.put("orderDeviceKds", new JsonArray()
        .add(row("odk", 0).put("orderDeviceId", id("od", 0).toString()).put("kdsDeviceId", id("kds", 0).toString()))
        .add(row("odk", 1).put("orderDeviceId", id("od", 1).toString()).put("kdsDeviceId", id("kds", 1).toString()))
        .add(row("odk", 2).put("orderDeviceId", id("od", 0).toString()).put("kdsDeviceId", id("kds", 2).toString()))
        .add(row("odk", 3).put("orderDeviceId", id("od", 3).toString()).put("kdsDeviceId", id("kds", 2).toString())));
    f.put("workstationServiceBindings", bindings);

    JsonArray gifts = new JsonArray();
    for (int i = 0; i < 12; i++) {
      String number = String.format("6035%012d", 4417L * (i + 1) * 7919L % 1_000_000_000_000L);
      gifts.add(new JsonObject().put("id", id("gift", i).toString()).put("enterpriseId", enterpriseId.toString())
          .put("propertyId", i % 3 == 0 ? null : p).put("numberHash", Tokens.sha256Hex(number))
          .put("last4", number.substring(number.length() - 4)).put("balanceCents", 2500L + i * 500L)
          .put("status", i == 11 ? "redeemed" : "active").put("expiresOn", "2028-12-31"));
    }
    f.put("giftCards", gifts);
    UUID programId = UUID.nameUUIDFromBytes("loyalty:Harbor Rewards".getBytes(StandardCharsets.UTF_8));
    f.put("loyaltyPrograms", new JsonArray().add(new JsonObject().put("id", programId.toString())
        .put("enterpriseId", enterpriseId.toString()).put("name", "Harbor Rewards").put("pointsPerDollar", 10)
        .put("rewardThresholdPoints", 1000).put("rewardAmountCents", 1000L).put("active", true)));
    JsonArray members = new JsonArray();
    for (int i = 0; i < 30; i++) {
      members.add(new JsonObject().put("id", UUID.nameUUIDFromBytes(("member:" + i).getBytes(StandardCharsets.UTF_8)).toString())
          .put("enterpriseId", enterpriseId.toString()).put("programId", programId.toString())
          .put("memberNumber", "HR" + (500100 + i)).put("displayName", FIRST[i % FIRST.length] + " " + LAST[(i * 3) % LAST.length].charAt(0) + ".")
          .put("pointsBalance", (i * 137) % 1500).put("tierName", i % 5 == 0 ? "Gold" : "Member").put("active", true));
    }
    f.put("loyaltyEnrollments", members);

    f.put("schedules", new JsonArray().add(row("schedule", 0).put("name", "Week of Nov 23").put("weekStart", "2026-11-23")
        .put("published", true)));
    JsonArray shifts = new JsonArray();
    for (int i = 0; i < Math.min(size.employees(), 24) * 2; i++) {
      int emp = i % Math.min(size.employees(), 24);
      int day = 23 + i / Math.min(size.employees(), 24) * 2;
      shifts.add(row("shift", i).put("scheduleId", id("schedule", 0).toString()).put("employeeId", id("employee", emp).toString())
          .put("jobCodeId", id("job", emp == 0 ? 6 : emp % 7).toString())
          .put("startsAt", String.format("2026-11-%02dT15:00:00+00:00", day))
          .put("endsAt", String.format("2026-11-%02dT23:00:00+00:00", day)));
    }
    f.put("shifts", shifts);
    return f;
  }

  private String bcrypt(String pin) {
    return BCrypt.withDefaults().hashToString(size.bcryptCost(), pin.toCharArray());
  }
}
