// The official Bitrix24 JavaScript SDK, unchanged and with no interceptor, against a portal
// given by its incoming webhook URL. Each step is judged here; the last line of stdout is
// `RESULTS <json>`: one {step, ok, detail} per step, read by test_official_js_sdk.py.
//
// Environment: B24_WEBHOOK_URL, B24_VIEWER_WEBHOOK_URL (a webhook that may only read),
// B24_PRODUCT (a product id), PICTURE_BASE64 (a small PNG), and NODE_EXTRA_CA_CERTS to
// trust the portal's certificate.
import assert from 'node:assert/strict'
import { AjaxError, ApiVersion, B24Hook, LoggerFactory } from '@bitrix24/b24jssdk'

const PRODUCT = Number.parseInt(process.env.B24_PRODUCT, 10)
const PICTURE = process.env.PICTURE_BASE64
const PAGE = 50

function hook (url) {
  const b24 = B24Hook.fromWebhookUrl(url)
  b24.offClientSideWarning()
  b24.setLogger(LoggerFactory.createNullLogger())
  return b24
}

const b24 = hook(process.env.B24_WEBHOOK_URL)
const results = []

async function step (name, run) {
  try {
    const detail = await run()
    results.push({ step: name, ok: true, detail: detail ?? null })
  } catch (error) {
    results.push({ step: name, ok: false, detail: String(error?.stack ?? error) })
  }
}

async function answer (method, params = {}) {
  const response = await b24.actions.v2.call.make({ method, params })
  assert.ok(response.isSuccess, `${method}: ${response.getErrorMessages().join('; ')}`)
  return response
}

async function call (method, params = {}) {
  return (await answer(method, params)).getData()
}

async function refusal (run) {
  try {
    await run()
  } catch (error) {
    assert.ok(error instanceof AjaxError, `not an AjaxError: ${error}`)
    return { code: error.code, status: error.status, message: error.message }
  }
  assert.fail('the call was not refused')
}

function addParams (name, type = 'MORE_PHOTO') {
  return { fields: { productId: PRODUCT, type }, fileContent: [name, PICTURE] }
}

/** Every picture of the product, read page by page with `start` and `next` (the SDK's
 * own manual paging, `AjaxResult.fetchNext`). */
async function listedByOffset () {
  const ids = []
  let page = await answer('catalog.productImage.list', { productId: PRODUCT, select: ['id'], start: 0 })
  while (page !== null) {
    assert.ok(page.isSuccess, page.getErrorMessages().join('; '))
    ids.push(...page.getData().result.productImages.map(picture => picture.id))
    page = await page.fetchNext(b24.getHttpClient(ApiVersion.v2))
  }
  return ids
}

const sorted = ids => [...ids].sort((a, b) => a - b)
let added
let batchAdded = []

await step('getFields describes every field', async () => {
  const fields = (await call('catalog.productImage.getFields')).result.productImage
  assert.deepEqual(Object.keys(fields).sort(), ['createTime', 'detailUrl', 'downloadUrl', 'id', 'name', 'productId', 'type'])
  assert.equal(fields.productId.isRequired, true)
})

await step('add answers the new picture', async () => {
  added = (await call('catalog.productImage.add', addParams('front.png'))).result.productImage
  assert.equal(added.productId, PRODUCT)
  assert.equal(added.name, 'front.png')
  assert.equal(added.type, 'MORE_PHOTO')
  return added.id
})

await step('get answers the picture add answered', async () => {
  const got = (await call('catalog.productImage.get', { productId: PRODUCT, id: added.id })).result.productImage
  assert.deepEqual(got, added)
})

await step('list pages with total and next', async () => {
  const page = await answer('catalog.productImage.list', { productId: PRODUCT, start: 0 })
  assert.ok(page.getTotal() >= 1)
  assert.ok(page.getData().result.productImages.some(picture => picture.id === added.id))
  return page.getTotal()
})

await step('a batch of a list of commands answers each', async () => {
  const response = await b24.actions.v2.batch.make({
    calls: [
      ['catalog.productImage.get', { productId: PRODUCT, id: added.id }],
      ['catalog.productImage.getFields', {}]
    ],
    options: { isHaltOnError: true }
  })
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  const [got, fields] = response.getData()
  assert.equal(got.productImage.id, added.id)
  assert.ok('productId' in fields.productImage)
})

await step('a batch of named commands resolves $result references', async () => {
  const response = await b24.actions.v2.batch.make({
    calls: {
      made: ['catalog.productImage.add', addParams('named.png')],
      read: ['catalog.productImage.get', { productId: PRODUCT, id: '$result[made][productImage][id]' }]
    },
    options: { isHaltOnError: true }
  })
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  const { made, read } = response.getData()
  assert.deepEqual(read.productImage, made.productImage)
  batchAdded.push(made.productImage.id)
})

await step('a failed batch command reaches the caller with its description', async () => {
  const response = await b24.actions.v2.batch.make({
    calls: {
      fine: ['catalog.productImage.getFields', {}],
      missing: ['catalog.productImage.get', { productId: PRODUCT, id: 999999 }]
    },
    options: { isHaltOnError: false }
  })
  assert.equal(response.isSuccess, false)
  const messages = response.getErrorMessages()
  assert.ok(messages.some(message => message.includes('Image not found')), messages.join('; '))
  return messages
})

await step('callBatchByChunk runs more than one batch of commands', async () => {
  const calls = Array.from({ length: PAGE + 5 }, (_, index) => ['catalog.productImage.add', addParams(`chunk-${index}.png`)])
  const response = await b24.callBatchByChunk(calls, true)
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  const pictures = response.getData().map(answer => answer.productImage)
  assert.equal(pictures.length, PAGE + 5)
  assert.equal(new Set(pictures.map(picture => picture.id)).size, PAGE + 5)
  batchAdded.push(...pictures.map(picture => picture.id))
  return pictures.length
})

await step('actions.v2.batchByChunk answers every command', async () => {
  const calls = batchAdded.map(id => ['catalog.productImage.get', { productId: PRODUCT, id }])
  const response = await b24.actions.v2.batchByChunk.make({ calls, options: { isHaltOnError: true } })
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  assert.deepEqual(response.getData().map(answer => answer.productImage.id), batchAdded)
})

await step('list with start -1 answers neither total nor next', async () => {
  const page = await answer('catalog.productImage.list', {
    productId: PRODUCT, start: -1, order: { id: 'ASC' }, filter: { '>id': 0 }, select: ['id']
  })
  assert.equal(page.getData().result.productImages.length, PAGE)
  assert.equal(page.getTotal(), 0)
  assert.equal(page.isMore(), false)
})

await step('actions.v2.callList visits every picture once', async () => {
  const expected = await listedByOffset()
  assert.ok(expected.length > PAGE, `only ${expected.length} pictures`)
  const response = await b24.actions.v2.callList.make({
    method: 'catalog.productImage.list',
    params: { productId: PRODUCT, select: ['id', 'name'] },
    idKey: 'id',
    customKeyForResult: 'productImages'
  })
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  const ids = response.getData().map(picture => picture.id)
  assert.deepEqual(ids, sorted(expected))
  return ids.length
})

await step('actions.v2.fetchList yields every picture once, a page at a time', async () => {
  const expected = await listedByOffset()
  const ids = []
  const sizes = []
  for await (const chunk of b24.actions.v2.fetchList.make({
    method: 'catalog.productImage.list',
    params: { productId: PRODUCT, select: ['id'] },
    idKey: 'id',
    customKeyForResult: 'productImages'
  })) {
    sizes.push(chunk.length)
    ids.push(...chunk.map(picture => picture.id))
  }
  assert.deepEqual(ids, sorted(expected))
  assert.ok(sizes.length > 1 && sizes.slice(0, -1).every(size => size === PAGE), String(sizes))
  return sizes
})

await step('a filter keeps the cursor helpers to the matching pictures', async () => {
  const response = await b24.actions.v2.callList.make({
    method: 'catalog.productImage.list',
    params: { productId: PRODUCT, select: ['id'], filter: { '%name': 'CHUNK-' } },
    idKey: 'id',
    customKeyForResult: 'productImages'
  })
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  assert.deepEqual(response.getData().map(picture => picture.id), sorted(batchAdded.slice(1)))
})

await step('callListMethod pages by offset through every picture once', async () => {
  const expected = await listedByOffset()
  const response = await b24.callListMethod('catalog.productImage.list', { productId: PRODUCT, select: ['id'] }, null, 'productImages')
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  assert.deepEqual(response.getData().map(picture => picture.id), expected)
})

await step('delete answers true and the picture is then not found', async () => {
  const deleted = await call('catalog.productImage.delete', { productId: PRODUCT, id: added.id })
  assert.equal(deleted.result, true)
  const refused = await refusal(() => b24.actions.v2.call.make({
    method: 'catalog.productImage.get', params: { productId: PRODUCT, id: added.id }
  }))
  assert.equal(refused.status, 400)
  assert.equal(refused.message, 'Image not found')
  return refused
})

await step('a method error reaches the caller with its description', async () => {
  const refused = await refusal(() => b24.actions.v2.call.make({
    method: 'catalog.productImage.add',
    params: { fields: { productId: PRODUCT }, fileContent: ['bad.png', '@@not base64@@'] }
  }))
  assert.equal(refused.status, 400)
  assert.equal(refused.message, 'File content is not valid base64')
  return refused
})

await step('a missing right reaches the caller with its code', async () => {
  const viewer = hook(process.env.B24_VIEWER_WEBHOOK_URL)
  const refused = await refusal(() => viewer.actions.v2.call.make({
    method: 'catalog.productImage.delete', params: { productId: PRODUCT, id: batchAdded[0] }
  }))
  assert.deepEqual([refused.status, refused.code], [400, '200040300020'])
  return refused
})

await step('a wrong webhook is INVALID_CREDENTIALS', async () => {
  const wrong = hook(process.env.B24_WEBHOOK_URL.replace(/\/[^/]+\/?$/, '/wrongwebhookcode/'))
  const refused = await refusal(() => wrong.actions.v2.call.make({ method: 'catalog.productImage.getFields' }))
  assert.deepEqual([refused.status, refused.code], [401, 'INVALID_CREDENTIALS'])
  return refused
})

await step('an unknown method is ERROR_METHOD_NOT_FOUND', async () => {
  const refused = await refusal(() => b24.actions.v2.call.make({ method: 'catalog.productImage.rename' }))
  assert.deepEqual([refused.status, refused.code], [404, 'ERROR_METHOD_NOT_FOUND'])
  return refused
})

await step('the pictures the round added are deleted', async () => {
  const response = await b24.actions.v2.batchByChunk.make({
    calls: batchAdded.map(id => ['catalog.productImage.delete', { productId: PRODUCT, id }]),
    options: { isHaltOnError: true }
  })
  assert.ok(response.isSuccess, response.getErrorMessages().join('; '))
  const left = await listedByOffset()
  assert.deepEqual(left.filter(id => batchAdded.includes(id) || id === added.id), [])
})

console.log(`RESULTS ${JSON.stringify(results)}`)
