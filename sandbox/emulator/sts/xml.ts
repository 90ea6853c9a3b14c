/** The query protocol's XML answers: `<XResponse><XResult>…` and `<ErrorResponse>`. */
import type { AwsError } from '../errors.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export type XmlValue = string | number | boolean | undefined | { [name: string]: XmlValue };

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([child, childValue]) => element(child, childValue))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

export function xmlResult(action: string, result: Record<string, XmlValue>, requestId: string) {
  return (
    `<${action}Response xmlns="${NAMESPACE}">` +
    element(`${action}Result`, result) +
    element('ResponseMetadata', { RequestId: requestId }) +
    `</${action}Response>`
  );
}

export function xmlError(error: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}">` +
    element('Error', { Type: error.fault, Code: error.code, Message: error.errorMessage }) +
    element('RequestId', requestId) +
    `</ErrorResponse>`
  );
}
