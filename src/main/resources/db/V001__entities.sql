-- The configuration entities of the seed's tiers 1 to 6. Must agree with catalog.json (checked at start).
-- Foreign keys are DEFERRABLE so that an import can replace a property's rows in any order inside one transaction.

CREATE TABLE enterprises (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  code text NOT NULL,
  currency text NOT NULL,
  active boolean NOT NULL
);

CREATE TABLE properties (
  id uuid PRIMARY KEY,
  enterprise_id uuid NOT NULL REFERENCES enterprises(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  code text NOT NULL,
  address text,
  city text,
  region text,
  postal_code text,
  country text NOT NULL,
  timezone text NOT NULL,
  currency text NOT NULL,
  business_date date NOT NULL,
  day_start_time time NOT NULL,
  feature_gift_cards boolean NOT NULL,
  feature_loyalty boolean NOT NULL,
  feature_scheduling boolean NOT NULL,
  payment_processor text NOT NULL,
  payment_merchant_display_id text,
  payment_credential_ref text,
  active boolean NOT NULL
);
CREATE INDEX properties_enterprise_id_idx ON properties (enterprise_id);

CREATE TABLE rvcs (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  code text NOT NULL,
  order_types text[] NOT NULL,
  default_order_type text NOT NULL,
  dom_mode text NOT NULL,
  tax_inclusive boolean NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX rvcs_property_id_idx ON rvcs (property_id);

CREATE TABLE privileges (
  id uuid PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  description text,
  UNIQUE (code)
);

CREATE TABLE roles (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  privilege_codes text[] NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX roles_property_id_idx ON roles (property_id);

CREATE TABLE job_codes (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  code text NOT NULL,
  name text NOT NULL,
  default_role_id uuid REFERENCES roles(id) DEFERRABLE INITIALLY IMMEDIATE,
  hourly_rate_cents bigint NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX job_codes_property_id_idx ON job_codes (property_id);
CREATE INDEX job_codes_default_role_id_idx ON job_codes (default_role_id);

CREATE TABLE employees (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  employee_number text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  pin_hash text NOT NULL,
  role_id uuid NOT NULL REFERENCES roles(id) DEFERRABLE INITIALLY IMMEDIATE,
  job_code_id uuid REFERENCES job_codes(id) DEFERRABLE INITIALLY IMMEDIATE,
  active boolean NOT NULL
);
CREATE INDEX employees_property_id_idx ON employees (property_id);
CREATE INDEX employees_role_id_idx ON employees (role_id);
CREATE INDEX employees_job_code_id_idx ON employees (job_code_id);

CREATE TABLE tax_groups (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  rate_percent numeric(9,4) NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX tax_groups_property_id_idx ON tax_groups (property_id);

CREATE TABLE print_classes (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  code text NOT NULL,
  name text NOT NULL
);
CREATE INDEX print_classes_property_id_idx ON print_classes (property_id);

CREATE TABLE slus (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  rvc_id uuid REFERENCES rvcs(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  sort_order integer NOT NULL,
  color text,
  active boolean NOT NULL
);
CREATE INDEX slus_property_id_idx ON slus (property_id);
CREATE INDEX slus_rvc_id_idx ON slus (rvc_id);

CREATE TABLE menu_items (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  slu_id uuid NOT NULL REFERENCES slus(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  kitchen_name text,
  plu text,
  price_cents bigint NOT NULL,
  tax_group_id uuid NOT NULL REFERENCES tax_groups(id) DEFERRABLE INITIALLY IMMEDIATE,
  print_class_id uuid REFERENCES print_classes(id) DEFERRABLE INITIALLY IMMEDIATE,
  sort_order integer NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX menu_items_property_id_idx ON menu_items (property_id);
CREATE INDEX menu_items_slu_id_idx ON menu_items (slu_id);
CREATE INDEX menu_items_tax_group_id_idx ON menu_items (tax_group_id);
CREATE INDEX menu_items_print_class_id_idx ON menu_items (print_class_id);

CREATE TABLE modifier_groups (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  min_select integer NOT NULL,
  max_select integer NOT NULL,
  sort_order integer NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX modifier_groups_property_id_idx ON modifier_groups (property_id);

CREATE TABLE modifiers (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  kitchen_name text,
  price_cents bigint NOT NULL,
  print_class_id uuid REFERENCES print_classes(id) DEFERRABLE INITIALLY IMMEDIATE,
  active boolean NOT NULL
);
CREATE INDEX modifiers_property_id_idx ON modifiers (property_id);
CREATE INDEX modifiers_print_class_id_idx ON modifiers (print_class_id);

CREATE TABLE modifier_group_modifiers (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  modifier_group_id uuid NOT NULL REFERENCES modifier_groups(id) DEFERRABLE INITIALLY IMMEDIATE,
  modifier_id uuid NOT NULL REFERENCES modifiers(id) DEFERRABLE INITIALLY IMMEDIATE,
  sort_order integer NOT NULL,
  is_default boolean NOT NULL,
  UNIQUE (modifier_group_id, modifier_id)
);
CREATE INDEX modifier_group_modifiers_property_id_idx ON modifier_group_modifiers (property_id);
CREATE INDEX modifier_group_modifiers_modifier_id_idx ON modifier_group_modifiers (modifier_id);

CREATE TABLE menu_item_modifier_groups (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  menu_item_id uuid NOT NULL REFERENCES menu_items(id) DEFERRABLE INITIALLY IMMEDIATE,
  modifier_group_id uuid NOT NULL REFERENCES modifier_groups(id) DEFERRABLE INITIALLY IMMEDIATE,
  sort_order integer NOT NULL,
  UNIQUE (menu_item_id, modifier_group_id)
);
CREATE INDEX menu_item_modifier_groups_property_id_idx ON menu_item_modifier_groups (property_id);
CREATE INDEX menu_item_modifier_groups_modifier_group_id_idx ON menu_item_modifier_groups (modifier_group_id);

CREATE TABLE tenders (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  code text NOT NULL,
  name text NOT NULL,
  tender_type text NOT NULL,
  opens_drawer boolean NOT NULL,
  allows_tip boolean NOT NULL,
  uses_processor boolean NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX tenders_property_id_idx ON tenders (property_id);

CREATE TABLE discounts (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  applies_to text NOT NULL,
  percent numeric(9,4),
  amount_cents bigint,
  required_privilege text,
  active boolean NOT NULL
);
CREATE INDEX discounts_property_id_idx ON discounts (property_id);

CREATE TABLE service_charges (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  percent numeric(9,4),
  amount_cents bigint,
  auto_apply_min_guests integer,
  is_gratuity boolean NOT NULL,
  taxable boolean NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX service_charges_property_id_idx ON service_charges (property_id);

CREATE TABLE printers (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  model text,
  host text NOT NULL,
  port integer NOT NULL,
  line_width integer NOT NULL,
  backup_printer_id uuid REFERENCES printers(id) DEFERRABLE INITIALLY IMMEDIATE,
  active boolean NOT NULL
);
CREATE INDEX printers_property_id_idx ON printers (property_id);
CREATE INDEX printers_backup_printer_id_idx ON printers (backup_printer_id);

CREATE TABLE kds_devices (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  station_type text NOT NULL,
  bump_timeout_seconds integer,
  active boolean NOT NULL
);
CREATE INDEX kds_devices_property_id_idx ON kds_devices (property_id);

CREATE TABLE order_devices (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX order_devices_property_id_idx ON order_devices (property_id);

CREATE TABLE service_hosts (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  services text[] NOT NULL,
  auth_token text,
  active boolean NOT NULL
);
CREATE INDEX service_hosts_property_id_idx ON service_hosts (property_id);

CREATE TABLE workstations (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  rvc_id uuid NOT NULL REFERENCES rvcs(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  device_type text NOT NULL,
  receipt_printer_id uuid REFERENCES printers(id) DEFERRABLE INITIALLY IMMEDIATE,
  ip_address text,
  active boolean NOT NULL
);
CREATE INDEX workstations_property_id_idx ON workstations (property_id);
CREATE INDEX workstations_rvc_id_idx ON workstations (rvc_id);
CREATE INDEX workstations_receipt_printer_id_idx ON workstations (receipt_printer_id);

CREATE TABLE print_class_routing (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  rvc_id uuid NOT NULL REFERENCES rvcs(id) DEFERRABLE INITIALLY IMMEDIATE,
  print_class_id uuid NOT NULL REFERENCES print_classes(id) DEFERRABLE INITIALLY IMMEDIATE,
  order_device_id uuid NOT NULL REFERENCES order_devices(id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (rvc_id, print_class_id)
);
CREATE INDEX print_class_routing_property_id_idx ON print_class_routing (property_id);
CREATE INDEX print_class_routing_print_class_id_idx ON print_class_routing (print_class_id);
CREATE INDEX print_class_routing_order_device_id_idx ON print_class_routing (order_device_id);

CREATE TABLE order_device_printers (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  order_device_id uuid NOT NULL REFERENCES order_devices(id) DEFERRABLE INITIALLY IMMEDIATE,
  printer_id uuid NOT NULL REFERENCES printers(id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (order_device_id, printer_id)
);
CREATE INDEX order_device_printers_property_id_idx ON order_device_printers (property_id);
CREATE INDEX order_device_printers_printer_id_idx ON order_device_printers (printer_id);

CREATE TABLE order_device_kds (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  order_device_id uuid NOT NULL REFERENCES order_devices(id) DEFERRABLE INITIALLY IMMEDIATE,
  kds_device_id uuid NOT NULL REFERENCES kds_devices(id) DEFERRABLE INITIALLY IMMEDIATE,
  UNIQUE (order_device_id, kds_device_id)
);
CREATE INDEX order_device_kds_property_id_idx ON order_device_kds (property_id);
CREATE INDEX order_device_kds_kds_device_id_idx ON order_device_kds (kds_device_id);

CREATE TABLE workstation_service_bindings (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  workstation_id uuid NOT NULL REFERENCES workstations(id) DEFERRABLE INITIALLY IMMEDIATE,
  service_host_id uuid NOT NULL REFERENCES service_hosts(id) DEFERRABLE INITIALLY IMMEDIATE,
  service text NOT NULL,
  UNIQUE (workstation_id, service)
);
CREATE INDEX workstation_service_bindings_property_id_idx ON workstation_service_bindings (property_id);
CREATE INDEX workstation_service_bindings_service_host_id_idx ON workstation_service_bindings (service_host_id);

CREATE TABLE gift_cards (
  id uuid PRIMARY KEY,
  enterprise_id uuid NOT NULL REFERENCES enterprises(id) DEFERRABLE INITIALLY IMMEDIATE,
  property_id uuid REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  number_hash text NOT NULL,
  last4 text NOT NULL,
  balance_cents bigint NOT NULL,
  status text NOT NULL,
  expires_on date
);
CREATE INDEX gift_cards_enterprise_id_idx ON gift_cards (enterprise_id);
CREATE INDEX gift_cards_property_id_idx ON gift_cards (property_id);

CREATE TABLE loyalty_programs (
  id uuid PRIMARY KEY,
  enterprise_id uuid NOT NULL REFERENCES enterprises(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  points_per_dollar integer NOT NULL,
  reward_threshold_points integer NOT NULL,
  reward_amount_cents bigint NOT NULL,
  active boolean NOT NULL
);
CREATE INDEX loyalty_programs_enterprise_id_idx ON loyalty_programs (enterprise_id);

CREATE TABLE loyalty_members (
  id uuid PRIMARY KEY,
  enterprise_id uuid NOT NULL REFERENCES enterprises(id) DEFERRABLE INITIALLY IMMEDIATE,
  program_id uuid NOT NULL REFERENCES loyalty_programs(id) DEFERRABLE INITIALLY IMMEDIATE,
  member_number text NOT NULL,
  display_name text NOT NULL,
  points_balance integer NOT NULL,
  tier_name text,
  active boolean NOT NULL
);
CREATE INDEX loyalty_members_enterprise_id_idx ON loyalty_members (enterprise_id);
CREATE INDEX loyalty_members_program_id_idx ON loyalty_members (program_id);

CREATE TABLE schedules (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL,
  week_start date NOT NULL,
  published boolean NOT NULL
);
CREATE INDEX schedules_property_id_idx ON schedules (property_id);

CREATE TABLE shifts (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  schedule_id uuid NOT NULL REFERENCES schedules(id) DEFERRABLE INITIALLY IMMEDIATE,
  employee_id uuid NOT NULL REFERENCES employees(id) DEFERRABLE INITIALLY IMMEDIATE,
  job_code_id uuid REFERENCES job_codes(id) DEFERRABLE INITIALLY IMMEDIATE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL
);
CREATE INDEX shifts_property_id_idx ON shifts (property_id);
CREATE INDEX shifts_schedule_id_idx ON shifts (schedule_id);
CREATE INDEX shifts_employee_id_idx ON shifts (employee_id);
CREATE INDEX shifts_job_code_id_idx ON shifts (job_code_id);

-- Upstream only: hosts report health here; never sent to hosts, never change-captured.
CREATE TABLE service_host_metrics (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) ON DELETE CASCADE,
  service_host_id uuid NOT NULL REFERENCES service_hosts(id) ON DELETE CASCADE,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  cpu_percent real,
  memory_percent real,
  disk_percent real,
  connection_mode text,
  pending_transactions integer,
  config_version integer
);
CREATE INDEX service_host_metrics_host_time_idx ON service_host_metrics (service_host_id, recorded_at);
CREATE INDEX service_host_metrics_time_idx ON service_host_metrics (recorded_at);
