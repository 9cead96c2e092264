// Registers every element of the property form and the sidebars.
import './fields/text-field.ts';
import './fields/number-field.ts';
import './fields/boolean-field.ts';
import './fields/enum-field.ts';
import './fields/typed-value-field.ts';
import './fields/code-field.ts';
import './fields/json-field.ts';
import './fields/list-field.ts';
import './fields/object-fields.ts';
import './fields/credential-fields.ts';
import './fields/config-node-field.ts';
import './fields/device-field.ts';
import './node-form.ts';
import './json-view.ts';
import './help-view.ts';
